import { Chip, styled } from '@mui/material';
import { memo, useCallback, useState, type ReactNode } from 'react';
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
  /** Generation metadata; its `width`/`height` give the picture's shape before it has loaded. */
  item_metadata?: { [key: string]: unknown } | null;
}

interface TileProps {
  item: TileItem;
  size: ThumbSize;
  to: string;
  linkState?: unknown;
  action?: ReactNode;
}

/** Height over width of the tallest picture box: the 2:3 portrait every thumbnail size has. */
export const MAX_PICTURE_RATIO = 1.5;
const MIN_PICTURE_RATIO = 0.5;
/** Height of a tile below its picture (title, date, action) plus the card's borders, in px. */
const TILE_CAPTION_HEIGHT = 52;

/** Height over width of a picture, kept between 2:1 landscape and 2:3 portrait (taller ones are letterboxed); unknown → 2:3. */
export function boxRatio(width: number, height: number): number {
  if (!(width > 0 && height > 0)) return MAX_PICTURE_RATIO;
  return Math.min(MAX_PICTURE_RATIO, Math.max(MIN_PICTURE_RATIO, height / width));
}

/** The picture box's shape before the picture loads: the size the item was generated at, from its metadata. */
export function pictureRatio(item: Pick<TileItem, 'item_metadata'>): number {
  return boxRatio(Number(item.item_metadata?.width), Number(item.item_metadata?.height));
}

/** The tallest a tile of this width can be (a grid row must hold it). */
export function maxTileHeight(width: number): number {
  return Math.ceil((width - 2) * MAX_PICTURE_RATIO) + TILE_CAPTION_HEIGHT;
}

// One styled element per tile; the parts inside are plain elements styled from here. Grids mount
// tiles while scrolling, and one style-engine pass per tile costs far less than one per MUI part.
const TileRoot = styled('div')(({ theme }) => ({
  display: 'flex',
  flexDirection: 'column',
  overflow: 'hidden',
  border: `1px solid ${theme.palette.divider}`,
  borderRadius: theme.shape.borderRadius,
  backgroundColor: theme.palette.background.paper,
  color: theme.palette.text.primary,
  transition: 'transform 120ms',
  '&:hover': { transform: 'translateY(-2px)' },
  '& .tile-picture': {
    display: 'block',
    width: '100%',
    backgroundColor: theme.palette.action.hover,
    outline: 0,
    '&:focus-visible': { outline: `2px solid ${theme.palette.primary.main}`, outlineOffset: -2 },
  },
  '& .tile-caption': {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    height: TILE_CAPTION_HEIGHT - 2,
    padding: theme.spacing(0, 1),
  },
  '& .tile-text': { minWidth: 0, flex: 1, display: 'flex', flexDirection: 'column' },
  '& .tile-title': { ...theme.typography.body2, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  '& .tile-date': { ...theme.typography.caption, color: theme.palette.text.secondary },
}));

/**
 * A grid cell: the picture links to the item; the action slot (bookmark) sits outside the link.
 * The tile is as tall as its own picture plus the caption: it never stretches to its neighbours,
 * so a grid holding it should align its items to the start.
 */
export const ContentTile = memo(function ContentTile({ item, size, to, linkState, action }: TileProps) {
  const label = item.title || `Content #${item.id}`;
  return (
    <TileRoot data-testid="gallery-tile" data-content-id={item.id}>
      <TilePicture item={item} size={size} to={to} linkState={linkState} label={label} />
      <div className="tile-caption">
        <div className="tile-text">
          <span className="tile-title" title={item.title}>
            {label}
          </span>
          <span className="tile-date">{formatDate(item.created_at)}</span>
        </div>
        {action}
      </div>
    </TileRoot>
  );
});

/**
 * The linked picture box. It starts with the shape from the item's metadata and takes the picture's
 * real shape once it has loaded, if that differs (metadata can be missing or wrong); only this box
 * renders again, and the tile stays within its row's height either way.
 */
function TilePicture({ item, size, to, linkState, label }: { item: TileItem; size: ThumbSize; to: string; linkState?: unknown; label: string }) {
  const [ratio, setRatio] = useState(() => pictureRatio(item));
  const onLoad = useCallback((img: HTMLImageElement) => {
    const actual = boxRatio(img.naturalWidth, img.naturalHeight);
    if (img.naturalWidth > 0) setRatio((r) => (Math.abs(r - actual) > 0.01 ? actual : r));
  }, []);
  return (
    <RouterLink className="tile-picture" to={to} state={linkState} aria-label={label} style={{ aspectRatio: `1 / ${ratio}` }}>
      <ContentImage contentId={item.id} alt={item.title} thumbnail={THUMB_SIZES[size].server} onLoad={onLoad} />
    </RouterLink>
  );
}

const RowRoot = styled('div')(({ theme }) => ({
  display: 'flex',
  alignItems: 'center',
  gap: theme.spacing(1.5),
  height: '100%',
  paddingRight: theme.spacing(1),
  overflow: 'hidden',
  border: `1px solid ${theme.palette.divider}`,
  borderRadius: theme.shape.borderRadius,
  backgroundColor: theme.palette.background.paper,
  color: theme.palette.text.primary,
  '& .row-picture': {
    display: 'block',
    width: 64,
    height: 96,
    flexShrink: 0,
    backgroundColor: theme.palette.action.hover,
    outline: 0,
    '&:focus-visible': { outline: `2px solid ${theme.palette.primary.main}`, outlineOffset: -2 },
  },
  '& .row-text': { minWidth: 0, flex: 1 },
  '& .row-title': { ...theme.typography.subtitle2, margin: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  '& .row-prompt': { ...theme.typography.body2, margin: 0, color: theme.palette.text.secondary, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  // On a phone the date and the chips wrap onto two lines instead of the date breaking in three.
  '& .row-meta': { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: theme.spacing(0.5, 1), marginTop: theme.spacing(0.5) },
  '& .row-date': { ...theme.typography.caption, color: theme.palette.text.secondary, whiteSpace: 'nowrap' },
}));

/** A list row: thumbnail, title, quality and prompt excerpt. */
export const ContentRow = memo(function ContentRow({ item, to, linkState, action }: Omit<TileProps, 'size'>) {
  const quality = typeof item.quality_score === 'number' ? Math.round(item.quality_score * 100) : null;
  const label = item.title || `Content #${item.id}`;
  return (
    <RowRoot data-testid="gallery-row" data-content-id={item.id}>
      <RouterLink className="row-picture" to={to} state={linkState} aria-label={label}>
        <ContentImage contentId={item.id} alt={item.title} thumbnail="small" fit="cover" />
      </RouterLink>
      <div className="row-text">
        <p className="row-title" title={item.title}>
          {label}
        </p>
        {item.prompt ? (
          <p className="row-prompt" title={item.prompt}>
            {truncate(item.prompt, 200)}
          </p>
        ) : null}
        <div className="row-meta">
          <span className="row-date">{formatDateTime(item.created_at)}</span>
          {quality !== null ? <Chip size="small" label={`Quality ${quality}%`} color={quality > 75 ? 'success' : 'default'} variant="outlined" /> : null}
          {item.source_type ? <Chip size="small" label={item.source_type === 'auto' ? 'Auto' : 'Regular'} variant="outlined" /> : null}
        </div>
      </div>
      {action}
    </RowRoot>
  );
});
