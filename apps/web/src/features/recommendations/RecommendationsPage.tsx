import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import ImageNotSupportedIcon from '@mui/icons-material/ImageNotSupported';
import ScheduleIcon from '@mui/icons-material/Schedule';
import { Box, Button, ButtonBase, Card, Chip, FormControlLabel, Link, Pagination, Skeleton, Stack, Switch, Tooltip, Typography } from '@mui/material';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { ContentImage } from '../../components/ContentImage';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState } from '../../components/StateViews';
import { formatRelative } from '../../lib/format';
import { useMarkServed, useRecommendations, type RecommendationWithContent } from '../../api/recommendations';
import { recommendationReason, scorePercent } from './reason';

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
      {mark.isError ? <ErrorState error={mark.error} /> : null}
      {recs.isPending ? (
        <Stack spacing={1}>
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} variant="rounded" height={112} />
          ))}
        </Stack>
      ) : null}
      {recs.isSuccess && items.length === 0 ? <EmptyState>{unservedOnly ? 'Nothing left to look at: every recommendation has been served.' : 'No recommendations yet.'}</EmptyState> : null}
      <Stack spacing={1} data-testid="recommendation-list">
        {items.map((r) => (
          <RecommendationRow key={r.id} rec={r} busy={mark.isPending} onMarkServed={() => mark.mutate([r.id])} />
        ))}
      </Stack>
      {(recs.data?.total ?? 0) > PAGE_SIZE ? (
        <Pagination sx={{ mt: 2 }} count={Math.ceil((recs.data?.total ?? 0) / PAGE_SIZE)} page={page} onChange={(_e, p) => setParams({ ...(unservedOnly ? { unserved: '1' } : {}), ...(p > 1 ? { page: String(p) } : {}) })} />
      ) : null}
    </Box>
  );
}

function RecommendationRow({ rec: r, busy, onMarkServed }: { rec: RecommendationWithContent; busy: boolean; onMarkServed: () => void }) {
  const item = r.content ?? null;
  const to = item ? `/view/${item.id}` : null;
  const title = item ? item.title || `Content #${item.id}` : r.content_item_id === null ? 'Item deleted' : 'Item not available';
  const reason = recommendationReason(r.rec_metadata);
  const score = scorePercent(r.recommendation_score);
  return (
    <Card variant="outlined" sx={{ display: 'flex', alignItems: 'center', gap: 2, p: 1 }} data-testid="recommendation-row" data-recommendation-id={r.id} data-content-id={item?.id ?? ''} data-served={r.is_served ? '1' : '0'}>
      {to && item ? (
        <ButtonBase component={RouterLink} to={to} state={{ from: 'recommendations', fallbackPath: '/recommendations' }} aria-label={`Open ${title}`} sx={{ width: 64, height: 96, flexShrink: 0, bgcolor: 'action.hover', borderRadius: 1, overflow: 'hidden' }}>
          <ContentImage contentId={item.id} alt={title} thumbnail="small" fit="cover" />
        </ButtonBase>
      ) : (
        <Box sx={{ width: 64, height: 96, flexShrink: 0, bgcolor: 'action.hover', borderRadius: 1, display: 'grid', placeItems: 'center', color: 'text.disabled' }}>
          <ImageNotSupportedIcon aria-hidden />
        </Box>
      )}
      <Box sx={{ flex: 1, minWidth: 0 }}>
        {to ? (
          <Link component={RouterLink} to={to} state={{ from: 'recommendations', fallbackPath: '/recommendations' }} variant="subtitle1" underline="hover" color="inherit" noWrap title={title} sx={{ display: 'block', fontWeight: 500 }} data-testid="recommendation-title">
            {title}
          </Link>
        ) : (
          <Typography variant="subtitle1" color="text.secondary" data-testid="recommendation-title">
            {title}
          </Typography>
        )}
        {item ? (
          <Typography variant="body2" color="text.secondary" noWrap>
            by {item.creator_username ?? 'unknown creator'}
          </Typography>
        ) : null}
        <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap', mt: 0.5 }}>
          <Tooltip title="How well the item matches you (recommendation score)">
            <Chip size="small" color={score >= 75 ? 'success' : 'default'} label={`Score ${score}%`} data-testid="recommendation-score" />
          </Tooltip>
          <Chip size="small" variant="outlined" label={r.algorithm_version} />
          {reason ? (
            <Typography variant="caption" color="text.secondary" data-testid="recommendation-reason">
              {reason}
            </Typography>
          ) : null}
        </Stack>
        <Stack direction="row" spacing={0.5} sx={{ alignItems: 'center', mt: 0.5 }}>
          {r.is_served ? <CheckCircleIcon color="success" fontSize="small" /> : <ScheduleIcon color="warning" fontSize="small" />}
          <Typography variant="caption" color="text.secondary">
            {r.is_served ? 'Served' : 'Not served yet'} · recommended {formatRelative(r.created_at)}
          </Typography>
        </Stack>
      </Box>
      {!r.is_served ? (
        <Button variant="outlined" size="small" disabled={busy} onClick={onMarkServed} data-testid="recommendation-mark-served">
          Mark as served
        </Button>
      ) : null}
    </Card>
  );
}
