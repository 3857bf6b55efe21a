import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import FavoriteIcon from '@mui/icons-material/Favorite';
import FavoriteBorderIcon from '@mui/icons-material/FavoriteBorder';
import { Alert, Box, Button, Card, CardContent, Chip, IconButton, Pagination, Rating, Skeleton, Stack, Tooltip, Typography } from '@mui/material';
import { Link as RouterLink, useNavigate, useParams, useSearchParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState } from '../../components/StateViews';
import { useUserId } from '../../lib/current-user';
import { formatCount } from '../../lib/format';
import { useViewSequence } from '../../lib/view-sequence';
import { useUnifiedList } from '../../api/content';
import { ContentTile } from '../../components/ContentTile';
import { useFavoriteTag, useRateTag, useTagDetail } from '../../api/tags';

const PAGE_SIZE = 24;
const SORTS = { recent: ['created_at', 'desc', 'Newest first'], oldest: ['created_at', 'asc', 'Oldest first'], top: ['quality_score', 'desc', 'Highest quality'] } as const;

export default function TagDetailPage() {
  const { tagId } = useParams();
  const navigate = useNavigate();
  const userId = useUserId();
  const detail = useTagDetail(tagId);
  const tag = detail.data?.tag;
  const rate = useRateTag(tag?.id ?? '');
  const fav = useFavoriteTag(tag?.id ?? '');
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  // Without ?sort (or with an unknown one) the default applies; own keys only, so ?sort=toString is unknown too.
  const sortParam = params.get('sort');
  const sortKey: keyof typeof SORTS = sortParam !== null && Object.hasOwn(SORTS, sortParam) ? (sortParam as keyof typeof SORTS) : 'recent';
  const [field, order] = SORTS[sortKey];
  const content = useUnifiedList(
    { user_id: userId, tag: tag ? [tag.id] : [], page, page_size: PAGE_SIZE, sort_field: field, sort_order: order, content_source_types: ['user-regular', 'user-auto', 'community-regular', 'community-auto'] },
    Boolean(tag),
  );
  // The page of content shown is the image view's previous/next list.
  const contentLinkState = useViewSequence(`tag:${tag?.id ?? tagId ?? ''}`, content.data?.items.map((i) => i.id) ?? [], 'tag', tag ? `/tags/${tag.id}` : '/tags');

  if (detail.isError) return <Alert severity="error">Tag “{tagId}” not found.</Alert>;
  if (!detail.data || !tag) return <Skeleton variant="rounded" height={240} />;
  const d = detail.data;
  const setParam = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    if (k !== 'page') next.delete('page');
    setParams(next);
  };
  const totalPages = content.data?.pagination.total_pages ?? 0;

  return (
    <Box data-testid="tag-detail-page">
      <IconButton aria-label="Back" onClick={() => (window.history.state?.idx > 0 ? navigate(-1) : navigate('/tags'))}>
        <ArrowBackIcon />
      </IconButton>
      <PageHeader
        title={`Tag: ${tag.name}`}
        actions={
          <Tooltip title={d.is_favorite ? 'Remove from favourites' : 'Add to favourites'}>
            <IconButton aria-label={d.is_favorite ? 'Remove from favourites' : 'Add to favourites'} aria-pressed={Boolean(d.is_favorite)} onClick={() => fav.mutate(!d.is_favorite)} color={d.is_favorite ? 'error' : 'default'} data-testid="tag-favorite">
              {d.is_favorite ? <FavoriteIcon /> : <FavoriteBorderIcon />}
            </IconButton>
          </Tooltip>
        }
      />
      <Card variant="outlined" sx={{ mb: 2 }}>
        <CardContent sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: '1fr 1fr 1fr' }, gap: 2 }}>
          <Box>
            <Typography variant="subtitle2">Parents</Typography>
            <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5 }}>
              {d.parents.length === 0 ? <Typography color="text.secondary">Root tag</Typography> : null}
              {d.parents.map((p) => (
                <Chip key={p.id} label={p.name} component={RouterLink} to={`/tags/${p.id}`} clickable color="primary" size="small" />
              ))}
            </Box>
            <Typography variant="subtitle2" sx={{ mt: 1 }}>
              Children
            </Typography>
            <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5 }}>
              {d.children.length === 0 ? <Typography color="text.secondary">None</Typography> : null}
              {d.children.map((c) => (
                <Chip key={c.id} label={c.name} component={RouterLink} to={`/tags/${c.id}`} clickable variant="outlined" size="small" />
              ))}
            </Box>
          </Box>
          <Box>
            <Typography variant="subtitle2">Average rating</Typography>
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
              <Rating value={d.average_rating ?? 0} precision={0.5} readOnly aria-label="Average rating" />
              <Typography variant="body2">{d.average_rating !== null ? `${d.average_rating.toFixed(1)} (${d.rating_count} ratings)` : 'No ratings yet'}</Typography>
            </Stack>
            <Typography variant="subtitle2" sx={{ mt: 1 }} id="your-tag-rating">
              Your rating
            </Typography>
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
              <Rating value={d.user_rating ?? null} precision={0.5} onChange={(_e, v) => rate.mutate(v)} disabled={rate.isPending} aria-labelledby="your-tag-rating" data-testid="tag-rating" />
              {d.user_rating !== null ? (
                <Button size="small" onClick={() => rate.mutate(null)} disabled={rate.isPending}>
                  Clear
                </Button>
              ) : null}
            </Stack>
            {rate.isError ? <Typography color="error" variant="caption">{rate.error.message}</Typography> : null}
          </Box>
          <Box>
            <Typography variant="subtitle2">Items with this tag</Typography>
            <Typography>
              {formatCount(d.cardinality_regular)} regular · {formatCount(d.cardinality_auto)} auto · {formatCount(d.cardinality_regular + d.cardinality_auto)} total
            </Typography>
            <Button sx={{ mt: 1 }} component={RouterLink} to={`/gallery?tags=${encodeURIComponent(tag.name)}`} variant="outlined">
              Open in gallery
            </Button>
          </Box>
        </CardContent>
      </Card>
      <Stack direction="row" spacing={1} sx={{ mb: 1, alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography variant="h6" component="h2" sx={{ flex: 1 }}>
          Content
        </Typography>
        {(Object.keys(SORTS) as (keyof typeof SORTS)[]).map((k) => (
          <Chip key={k} label={SORTS[k][2]} color={k === sortKey ? 'primary' : 'default'} onClick={() => setParam('sort', k === 'recent' ? null : k)} />
        ))}
      </Stack>
      {content.isPending ? (
        <Skeleton variant="rounded" height={240} />
      ) : (content.data?.items.length ?? 0) === 0 ? (
        <EmptyState>No items carry this tag yet.</EmptyState>
      ) : (
        <Box
          sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))', gap: 1.5, alignItems: 'start', opacity: content.isPlaceholderData ? 0.6 : 1 }}
          data-testid="tag-content-grid"
        >
          {content.data?.items.map((i) => (
            <ContentTile key={i.id} item={i} size="s" to={`/view/${i.id}`} linkState={contentLinkState} />
          ))}
        </Box>
      )}
      {totalPages > 1 ? <Pagination sx={{ mt: 2 }} count={totalPages} page={page} onChange={(_e, p) => setParam('page', p > 1 ? String(p) : null)} showFirstButton showLastButton data-testid="tag-content-pagination" /> : null}
    </Box>
  );
}
