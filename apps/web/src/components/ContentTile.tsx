import { Box, ButtonBase, Card, Chip, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { Link as RouterLink } from 'react-router';
import { ContentImage } from './ContentImage';
import { formatDate, formatDateTime, truncate } from '../lib/format';
import { THUMB_SIZES, type ThumbSize } from '../lib/thumb-sizes';

export interface TileItem {
  id: number;
  title: string;
  created_at: string | null;
  prompt?: string | null;
  quality_score?: number | null;
  source_type?: string;
}

interface TileProps {
  item: TileItem;
  size: ThumbSize;
  to: string;
  linkState?: unknown;
  action?: ReactNode;
}

/** A grid cell: the picture links to the item; the action slot (bookmark) sits outside the link. */
export function ContentTile({ item, size, to, linkState, action }: TileProps) {
  const dims = THUMB_SIZES[size];
  return (
    <Card variant="outlined" sx={{ height: '100%', display: 'flex', flexDirection: 'column', transition: 'transform 120ms', '&:hover': { transform: 'translateY(-2px)' } }} data-testid="gallery-tile" data-content-id={item.id}>
      <ButtonBase component={RouterLink} to={to} state={linkState} aria-label={item.title || `Content #${item.id}`} sx={{ display: 'block', flex: 1, minHeight: 0, bgcolor: 'action.hover' }}>
        <ContentImage contentId={item.id} alt={item.title} thumbnail={dims.server} />
      </ButtonBase>
      <Stack direction="row" sx={{ alignItems: 'center', px: 1, py: 0.5, gap: 0.5 }}>
        <Box sx={{ minWidth: 0, flex: 1 }}>
          <Typography variant="body2" noWrap title={item.title}>
            {item.title || `Content #${item.id}`}
          </Typography>
          <Typography variant="caption" color="text.secondary">
            {formatDate(item.created_at)}
          </Typography>
        </Box>
        {action}
      </Stack>
    </Card>
  );
}

/** A list row: thumbnail, title, quality and prompt excerpt. */
export function ContentRow({ item, to, linkState, action }: Omit<TileProps, 'size'>) {
  const quality = typeof item.quality_score === 'number' ? Math.round(item.quality_score * 100) : null;
  return (
    <Card variant="outlined" sx={{ display: 'flex', alignItems: 'center', height: '100%', gap: 1.5, pr: 1 }} data-testid="gallery-row" data-content-id={item.id}>
      <ButtonBase component={RouterLink} to={to} state={linkState} aria-label={item.title || `Content #${item.id}`} sx={{ width: 64, height: 96, flexShrink: 0, bgcolor: 'action.hover' }}>
        <ContentImage contentId={item.id} alt={item.title} thumbnail="small" fit="cover" />
      </ButtonBase>
      <Box sx={{ minWidth: 0, flex: 1 }}>
        <Typography variant="subtitle2" noWrap title={item.title}>
          {item.title || `Content #${item.id}`}
        </Typography>
        {item.prompt ? (
          <Typography variant="body2" color="text.secondary" noWrap title={item.prompt}>
            {truncate(item.prompt, 200)}
          </Typography>
        ) : null}
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mt: 0.5 }}>
          <Typography variant="caption" color="text.secondary">
            {formatDateTime(item.created_at)}
          </Typography>
          {quality !== null ? <Chip size="small" label={`Quality ${quality}%`} color={quality > 75 ? 'success' : 'default'} variant="outlined" /> : null}
          {item.source_type ? <Chip size="small" label={item.source_type === 'auto' ? 'Auto' : 'Regular'} variant="outlined" /> : null}
        </Stack>
      </Box>
      {action}
    </Card>
  );
}
