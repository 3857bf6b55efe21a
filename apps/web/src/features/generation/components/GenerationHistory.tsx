import RefreshIcon from '@mui/icons-material/Refresh';
import { Box, Card, CardContent, Chip, IconButton, MenuItem, Pagination, Skeleton, Stack, TextField, Tooltip, Typography } from '@mui/material';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { ContentImage } from '../../../components/ContentImage';
import { EmptyState, ErrorState } from '../../../components/StateViews';
import { formatDateTime, truncate } from '../../../lib/format';
import { useViewSequence } from '../../../lib/view-sequence';
import { useBookmarkStatuses } from '../../../api/bookmarks';
import { BookmarkButton } from '../../../components/BookmarkButton';
import { useJobHistory } from '../../../api/generation';

const PAGE_SIZE = 24;
const STATUSES = ['pending', 'running', 'completed', 'failed', 'cancelled'];

export function GenerationHistory() {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const status = STATUSES.includes(params.get('status') ?? '') ? (params.get('status') as string) : '';
  const history = useJobHistory({ skip: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE, status: status || undefined });
  const jobs = history.data?.items ?? [];
  const total = history.data?.total ?? 0;
  // The results on this page (jobs that made an item) are the image view's previous/next list.
  const linkState = useViewSequence('generation-history', jobs.flatMap((j) => (j.content_id !== null ? [j.content_id] : [])), 'generation', '/generate/history');
  const statuses = useBookmarkStatuses(jobs.filter((j) => j.content_id !== null).map((j) => ({ content_id: j.content_id as number, content_source_type: 'items' as const })));

  const setParam = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) if (v) next.set(k, v);
    else next.delete(k);
    setParams(next);
  };

  return (
    <Box data-testid="generation-history">
      <Stack direction="row" spacing={1} sx={{ mb: 2, alignItems: 'center' }}>
        <TextField select size="small" label="Status" value={status} onChange={(e) => setParam({ status: e.target.value || null, page: null })} sx={{ minWidth: 160 }}>
          <MenuItem value="">All</MenuItem>
          {STATUSES.map((s) => (
            <MenuItem key={s} value={s}>
              {s[0]?.toUpperCase() + s.slice(1)}
            </MenuItem>
          ))}
        </TextField>
        <Tooltip title="Refresh">
          <IconButton aria-label="Refresh history" onClick={() => void history.refetch()}>
            <RefreshIcon />
          </IconButton>
        </Tooltip>
        <Typography color="text.secondary" variant="body2">
          {total} jobs
        </Typography>
      </Stack>
      {history.isError ? <ErrorState error={history.error} onRetry={() => void history.refetch()} /> : null}
      {history.isPending ? (
        <Skeleton variant="rounded" height={240} />
      ) : jobs.length === 0 ? (
        <EmptyState>{status ? 'No generations with this status.' : 'No generations yet. Create your first one on the Create tab.'}</EmptyState>
      ) : (
        <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))', gap: 2 }}>
          {jobs.map((j) => (
            <Card key={j.id} variant="outlined" data-testid="generation-history-card">
              <Box sx={{ position: 'relative', aspectRatio: '2 / 3', bgcolor: 'action.hover' }}>
                {j.content_id !== null ? (
                  <Box component={RouterLink} to={`/view/${j.content_id}`} state={linkState} sx={{ display: 'block', width: '100%', height: '100%' }} aria-label={`Open ${truncate(j.prompt, 40)}`}>
                    <ContentImage contentId={j.content_id} alt={truncate(j.prompt, 80)} thumbnail="medium" fit="cover" />
                  </Box>
                ) : null}
                <Chip size="small" label={j.status} sx={{ position: 'absolute', top: 8, left: 8, bgcolor: 'background.paper' }} />
              </Box>
              <CardContent sx={{ p: 1.5, '&:last-child': { pb: 1.5 } }}>
                <Stack direction="row" sx={{ alignItems: 'flex-start' }}>
                  <Typography variant="body2" sx={{ flex: 1, wordBreak: 'break-word' }} title={j.prompt}>
                    {truncate(j.prompt, 80)}
                  </Typography>
                  {j.content_id !== null ? (
                    <BookmarkButton
                      item={{ content_id: j.content_id, content_source_type: 'items' }}
                      bookmark={statuses.data ? (statuses.data[`${j.content_id}-items`] ?? null) : undefined}
                    />
                  ) : null}
                </Stack>
                <Typography variant="caption" color="text.secondary" component="p">
                  {formatDateTime(j.created_at)} · {j.width}×{j.height}
                </Typography>
                {j.checkpoint_model ? (
                  <Typography variant="caption" color="text.secondary" component="p" noWrap>
                    Model: {j.checkpoint_model}
                  </Typography>
                ) : null}
                {j.status === 'failed' && j.error_message ? (
                  <Typography variant="caption" color="error" component="p">
                    {truncate(j.error_message, 120)}
                  </Typography>
                ) : null}
              </CardContent>
            </Card>
          ))}
        </Box>
      )}
      {total > PAGE_SIZE ? (
        <Pagination sx={{ mt: 2 }} count={Math.ceil(total / PAGE_SIZE)} page={page} onChange={(_e, p) => setParam({ page: p > 1 ? String(p) : null })} showFirstButton showLastButton />
      ) : null}
    </Box>
  );
}
