import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import ScheduleIcon from '@mui/icons-material/Schedule';
import { Box, Button, Card, Chip, FormControlLabel, Pagination, Skeleton, Stack, Switch, Typography } from '@mui/material';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { ContentImage } from '../../components/ContentImage';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState } from '../../components/StateViews';
import { formatRelative } from '../../lib/format';
import { useMarkServed, useRecommendations } from '../../api/recommendations';

const PAGE_SIZE = 20;

export default function RecommendationsPage() {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const unservedOnly = params.get('unserved') === '1';
  const recs = useRecommendations((page - 1) * PAGE_SIZE, PAGE_SIZE, unservedOnly);
  const mark = useMarkServed();
  const items = recs.data?.items ?? [];
  const unserved = items.filter((r) => !r.is_served).map((r) => r.id);

  return (
    <Box data-testid="recommendations-page">
      <PageHeader
        title="Recommendations"
        subtitle="Items picked for you. Mark the ones you have looked at as served."
        actions={
          <>
            <FormControlLabel control={<Switch checked={unservedOnly} onChange={(e) => setParams(e.target.checked ? { unserved: '1' } : {})} />} label="Unserved only" />
            <Button variant="outlined" disabled={unserved.length === 0 || mark.isPending} onClick={() => mark.mutate(unserved)}>
              Mark all on this page as served
            </Button>
          </>
        }
      />
      {recs.isError ? <ErrorState error={recs.error} onRetry={() => void recs.refetch()} /> : null}
      {recs.isPending ? <Skeleton variant="rounded" height={240} /> : null}
      {recs.isSuccess && items.length === 0 ? <EmptyState>No recommendations yet.</EmptyState> : null}
      <Stack spacing={1}>
        {items.map((r) => (
          <Card key={r.id} variant="outlined" sx={{ display: 'flex', alignItems: 'center', gap: 2, p: 1 }} data-testid="recommendation-row">
            {r.content_item_id !== null ? (
              <Box component={RouterLink} to={`/view/${r.content_item_id}`} sx={{ width: 64, height: 96, flexShrink: 0, bgcolor: 'action.hover', borderRadius: 1, overflow: 'hidden' }} aria-label={`Open content #${r.content_item_id}`}>
                <ContentImage contentId={r.content_item_id} alt={`Content #${r.content_item_id}`} thumbnail="small" fit="cover" />
              </Box>
            ) : null}
            <Box sx={{ flex: 1, minWidth: 0 }}>
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
                <Typography component={RouterLink} to={`/view/${r.content_item_id}`} sx={{ color: 'inherit' }}>
                  Content #{r.content_item_id}
                </Typography>
                <Chip size="small" variant="outlined" label={r.algorithm_version} />
                <Chip size="small" label={`Score ${Math.round(r.recommendation_score * 100)}%`} />
              </Stack>
              <Stack direction="row" spacing={0.5} sx={{ alignItems: 'center', mt: 0.5 }}>
                {r.is_served ? <CheckCircleIcon color="success" fontSize="small" /> : <ScheduleIcon color="warning" fontSize="small" />}
                <Typography variant="caption" color="text.secondary">
                  {r.is_served ? 'Served' : 'Not served yet'} · created {formatRelative(r.created_at)}
                </Typography>
              </Stack>
            </Box>
            {!r.is_served ? (
              <Button variant="outlined" size="small" disabled={mark.isPending} onClick={() => mark.mutate([r.id])} data-testid="recommendation-mark-served">
                Mark as served
              </Button>
            ) : null}
          </Card>
        ))}
      </Stack>
      {(recs.data?.total ?? 0) > PAGE_SIZE ? (
        <Pagination sx={{ mt: 2 }} count={Math.ceil((recs.data?.total ?? 0) / PAGE_SIZE)} page={page} onChange={(_e, p) => setParams({ ...(unservedOnly ? { unserved: '1' } : {}), ...(p > 1 ? { page: String(p) } : {}) })} />
      ) : null}
    </Box>
  );
}
