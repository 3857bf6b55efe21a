import AutorenewIcon from '@mui/icons-material/Autorenew';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import ImageNotSupportedIcon from '@mui/icons-material/ImageNotSupported';
import ScheduleIcon from '@mui/icons-material/Schedule';
import { Alert, Box, Button, ButtonBase, Card, Chip, CircularProgress, FormControlLabel, LinearProgress, Link, Pagination, Skeleton, Stack, Switch, Tooltip, Typography } from '@mui/material';
import { useMemo } from 'react';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { ContentImage } from '../../components/ContentImage';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState } from '../../components/StateViews';
import { formatRelative } from '../../lib/format';
import { useViewSequence, type ViewLinkState } from '../../lib/view-sequence';
import { useGenerateRecommendations, useMarkServed, useRecommendations, type RecommendationWithContent } from '../../api/recommendations';
import { generateSummary, recommendationReason, scorePercent } from './reason';

const PAGE_SIZE = 20;
/** How many recommendations one "Get new recommendations" asks for (the API allows 1..100). */
const GENERATE_LIMIT = 50;

export default function RecommendationsPage() {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const unservedOnly = params.get('unserved') === '1';
  const recs = useRecommendations((page - 1) * PAGE_SIZE, PAGE_SIZE, unservedOnly);
  const mark = useMarkServed();
  const generate = useGenerateRecommendations();
  const items = recs.data?.items ?? [];
  const unserved = items.filter((r) => !r.is_served).map((r) => r.id);
  // The items on this page are the image view's previous/next list.
  const linkState = useViewSequence('recommendations', items.flatMap((r) => (r.content ? [r.content.id] : [])), 'recommendations', '/recommendations');
  const fresh = useMemo(() => new Set(generate.data?.recommendations.map((r) => r.id) ?? []), [generate.data]);
  const busy = mark.isPending || generate.isPending;

  // New recommendations are listed best first, so the first page shows the top of them.
  const getNew = () => {
    generate.reset();
    if (page > 1) setParams(unservedOnly ? { unserved: '1' } : {});
    generate.mutate(GENERATE_LIMIT);
  };
  const generateButton = (testId: string, variant: 'contained' | 'outlined') => (
    <Button
      variant={variant}
      onClick={getNew}
      disabled={busy}
      startIcon={generate.isPending ? <CircularProgress size={16} color="inherit" aria-hidden /> : <AutorenewIcon />}
      data-testid={testId}
    >
      {generate.isPending ? 'Finding recommendations…' : 'Get new recommendations'}
    </Button>
  );

  return (
    <Box data-testid="recommendations-page">
      <PageHeader
        title="Recommendations"
        subtitle="Items picked for you. Mark the ones you have looked at as served."
        actions={
          <>
            <FormControlLabel control={<Switch checked={unservedOnly} onChange={(e) => setParams(e.target.checked ? { unserved: '1' } : {})} />} label="Unserved only" />
            <Button variant="outlined" disabled={unserved.length === 0 || busy} onClick={() => mark.mutate(unserved)}>
              Mark all on this page as served
            </Button>
            {generateButton('recommendations-generate', 'contained')}
          </>
        }
      />
      {generate.isPending ? (
        <Box sx={{ mb: 2 }} data-testid="recommendations-generating">
          <LinearProgress aria-label="Finding new recommendations" />
          <Typography variant="caption" color="text.secondary">
            Ranking content for you from your ratings, bookmarks and tags…
          </Typography>
        </Box>
      ) : null}
      {generate.isSuccess ? (
        <Alert severity={generate.data.recommendations.length > 0 ? 'success' : 'info'} sx={{ mb: 2 }} onClose={() => generate.reset()} data-testid="recommendations-generate-result">
          {generateSummary(generate.data.recommendations.length)}
        </Alert>
      ) : null}
      {generate.isError ? (
        <Alert
          severity="error"
          sx={{ mb: 2 }}
          data-testid="recommendations-generate-error"
          action={
            <Button color="inherit" size="small" onClick={getNew}>
              Try again
            </Button>
          }
        >
          Could not get new recommendations: {generate.error instanceof Error ? generate.error.message : 'unknown error'}.
        </Alert>
      ) : null}
      {recs.isError ? <ErrorState error={recs.error} onRetry={() => void recs.refetch()} /> : null}
      {mark.isError ? <ErrorState error={mark.error} /> : null}
      {recs.isPending ? (
        <Stack spacing={1}>
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} variant="rounded" height={112} />
          ))}
        </Stack>
      ) : null}
      {recs.isSuccess && items.length === 0 ? (
        <EmptyState action={generateButton('recommendations-generate-empty', 'outlined')}>
          {unservedOnly ? 'Nothing left to look at: every recommendation has been served.' : 'No recommendations yet.'}
        </EmptyState>
      ) : null}
      <Stack spacing={1} data-testid="recommendation-list">
        {items.map((r) => (
          <RecommendationRow key={r.id} rec={r} isNew={fresh.has(r.id)} linkState={linkState} busy={busy} onMarkServed={() => mark.mutate([r.id])} />
        ))}
      </Stack>
      {(recs.data?.total ?? 0) > PAGE_SIZE ? (
        <Pagination sx={{ mt: 2 }} count={Math.ceil((recs.data?.total ?? 0) / PAGE_SIZE)} page={page} onChange={(_e, p) => setParams({ ...(unservedOnly ? { unserved: '1' } : {}), ...(p > 1 ? { page: String(p) } : {}) })} />
      ) : null}
    </Box>
  );
}

function RecommendationRow({ rec: r, isNew, linkState, busy, onMarkServed }: { rec: RecommendationWithContent; isNew: boolean; linkState: ViewLinkState; busy: boolean; onMarkServed: () => void }) {
  const item = r.content ?? null;
  const to = item ? `/view/${item.id}` : null;
  const title = item ? item.title || `Content #${item.id}` : r.content_item_id === null ? 'Item deleted' : 'Item not available';
  const reason = recommendationReason(r.rec_metadata);
  const score = scorePercent(r.recommendation_score);
  return (
    <Card variant="outlined" sx={{ display: 'flex', alignItems: 'center', gap: 2, p: 1 }} data-testid="recommendation-row" data-recommendation-id={r.id} data-content-id={item?.id ?? ''} data-served={r.is_served ? '1' : '0'} data-new={isNew ? '1' : '0'}>
      {to && item ? (
        <ButtonBase component={RouterLink} to={to} state={linkState} aria-label={`Open ${title}`} sx={{ width: 64, height: 96, flexShrink: 0, bgcolor: 'action.hover', borderRadius: 1, overflow: 'hidden' }}>
          <ContentImage contentId={item.id} alt={title} thumbnail="small" fit="cover" />
        </ButtonBase>
      ) : (
        <Box sx={{ width: 64, height: 96, flexShrink: 0, bgcolor: 'action.hover', borderRadius: 1, display: 'grid', placeItems: 'center', color: 'text.disabled' }}>
          <ImageNotSupportedIcon aria-hidden />
        </Box>
      )}
      <Box sx={{ flex: 1, minWidth: 0 }}>
        {to ? (
          <Link component={RouterLink} to={to} state={linkState} variant="subtitle1" underline="hover" color="inherit" noWrap title={title} sx={{ display: 'block', fontWeight: 500 }} data-testid="recommendation-title">
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
          {isNew ? <Chip size="small" color="primary" label="New" data-testid="recommendation-new" /> : null}
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
