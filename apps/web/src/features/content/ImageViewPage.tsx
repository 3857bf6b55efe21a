import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import BrokenImageIcon from '@mui/icons-material/BrokenImage';
import ChevronLeftIcon from '@mui/icons-material/ChevronLeft';
import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import DeleteIcon from '@mui/icons-material/Delete';
import DownloadIcon from '@mui/icons-material/Download';
import FullscreenIcon from '@mui/icons-material/Fullscreen';
import ZoomInIcon from '@mui/icons-material/ZoomIn';
import ZoomOutIcon from '@mui/icons-material/ZoomOut';
import {
  Alert,
  Box,
  Card,
  Chip,
  CircularProgress,
  Dialog,
  IconButton,
  MenuItem,
  Paper,
  Rating,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableRow,
  TextField,
  Tooltip,
  Typography,
} from '@mui/material';
import { useEffect, useMemo, useState } from 'react';
import { Link as RouterLink, useLocation, useNavigate, useParams } from 'react-router';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { PageHeader } from '../../components/PageHeader';
import { imageUrl } from '../../lib/api-client';
import { formatDateTime } from '../../lib/format';
import { useToast } from '../../lib/toast';
import { useBookmarkStatuses } from '../../api/bookmarks';
import { BookmarkButton } from '../../components/BookmarkButton';
import { useMyRating, useRate } from '../../api/interactions';
import { useContentItem, useContentTags, useDeleteContent, type ContentTag } from '../../api/content';
import { useStoredState } from '../../lib/use-stored-state';
import { isTagSort, sortTags, TAG_SORT_KEY, TAG_SORTS, type TagSort } from './tag-sort';
import { sequenceOf, viewNeighbours, type ViewLinkState } from '../../lib/view-sequence';

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() ? v : typeof v === 'number' ? String(v) : null;
}

/** The download's file name keeps the stored original's extension (seeded originals are PNG, uploads may not be). */
function downloadName(id: number, contentData: string): string {
  const ext = /\.([A-Za-z0-9]{2,5})$/.exec(contentData)?.[1]?.toLowerCase() ?? 'png';
  return `genonaut-${id}.${ext}`;
}

/** The item's tags as chips linking to each tag's page, in the stored order, or "No tags". */
function TagChips({ tags, sort }: { tags: ContentTag[]; sort: TagSort }) {
  if (tags.length === 0)
    return (
      <Typography color="text.secondary" data-testid="image-view-no-tags">
        No tags
      </Typography>
    );
  return (
    <>
      {sortTags(tags, sort).map((t) => (
        <Tooltip key={t.id} title={t.average_rating === null ? 'Not rated yet' : `Average rating ${t.average_rating} of 5 (${t.rating_count} ${t.rating_count === 1 ? 'rating' : 'ratings'})`}>
          <Chip
            label={
              <>
                {t.name}
                {t.average_rating !== null ? (
                  <Box component="span" sx={{ ml: 0.75, opacity: 0.7 }}>
                    ★ {t.average_rating.toFixed(1)}
                  </Box>
                ) : null}
              </>
            }
            size="small"
            component={RouterLink}
            to={`/tags/${encodeURIComponent(t.name)}`}
            clickable
            data-testid="image-view-tag"
            data-tag-name={t.name}
          />
        </Tooltip>
      ))}
    </>
  );
}

export default function ImageViewPage() {
  const { id: rawId } = useParams();
  const id = rawId && /^\d+$/.test(rawId) ? Number(rawId) : null;
  const navigate = useNavigate();
  const location = useLocation();
  const linkState = (location.state ?? {}) as ViewLinkState;
  const toast = useToast();
  const content = useContentItem(id);
  const del = useDeleteContent();
  const [confirm, setConfirm] = useState(false);
  const [zoom, setZoom] = useState(1);
  const [fullscreen, setFullscreen] = useState(false);
  const [broken, setBroken] = useState(false);
  const [tagSort, setTagSort] = useStoredState<TagSort>(TAG_SORT_KEY, 'name-asc', isTagSort);
  // Previous/next within the list the item was opened from (the link's state names it).
  const sequence = sequenceOf(linkState);
  const { prev, next, position, total } = useMemo(() => viewNeighbours(sequence, id ?? -1), [sequence, id]);
  const source = content.data?.source ?? 'items';
  const itemTags = useContentTags(id, content.data?.source);
  const status = useBookmarkStatuses(id !== null && content.data ? [{ content_id: id, content_source_type: source }] : []);
  const myRating = useMyRating(id);
  const rate = useRate(id ?? 0);

  useEffect(() => {
    setZoom(1);
    setBroken(false);
  }, [id]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement) return;
      // Stepping replaces the history entry, so Back (here or the browser's) returns to the list.
      if (e.key === 'ArrowLeft' && prev !== null) navigate(`/view/${prev}`, { state: linkState, replace: true });
      if (e.key === 'ArrowRight' && next !== null) navigate(`/view/${next}`, { state: linkState, replace: true });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [prev, next, navigate, linkState]);

  const back = () => {
    if (window.history.state?.idx > 0) navigate(-1);
    else navigate(linkState.fallbackPath ?? '/gallery');
  };

  if (id === null) return <Alert severity="error">Invalid content identifier “{rawId}”.</Alert>;
  if (content.isPending)
    return (
      <Stack sx={{ alignItems: 'center', py: 6 }} spacing={2}>
        <CircularProgress />
        <Typography>Loading item details…</Typography>
      </Stack>
    );
  if (content.isError || !content.data)
    return (
      <Alert severity="error" data-testid="image-view-error">
        Unable to load this item: {content.error instanceof Error ? content.error.message : 'not found'}.
      </Alert>
    );

  const item = content.data.item;
  const meta = (item.item_metadata ?? {}) as Record<string, unknown>;
  const sampler = (meta.sampler_params ?? {}) as Record<string, unknown>;
  const loras = Array.isArray(meta.lora_models) ? (meta.lora_models as Record<string, unknown>[]) : [];
  const size = meta.image_size as { width?: number; height?: number } | undefined;
  const title = str(meta.title) ?? (item.title || `Content #${item.id}`);
  const params: [string, string | null][] = [
    ['Checkpoint', str(meta.checkpoint_model)],
    ['Size', size?.width ? `${size.width} × ${size.height}` : meta.width ? `${str(meta.width)} × ${str(meta.height)}` : null],
    ['Sampler', str(sampler.sampler_name)],
    ['Scheduler', str(sampler.scheduler)],
    ['Steps', str(sampler.steps)],
    ['CFG', str(sampler.cfg)],
    ['Seed', str(sampler.seed)],
    ['Denoise', str(sampler.denoise)],
    ['Batch size', str(meta.batch_size)],
  ];
  const quality = typeof item.quality_score === 'number' ? Math.round(item.quality_score * 100) : null;
  const bookmark = status.data ? (status.data[`${item.id}-${source}`] ?? null) : undefined;

  return (
    <Box data-testid="image-view-page">
      <Stack direction="row" spacing={1} sx={{ mb: 1, alignItems: 'center' }}>
        <Tooltip title="Back">
          <IconButton onClick={back} aria-label="Back" data-testid="image-view-back">
            <ArrowBackIcon />
          </IconButton>
        </Tooltip>
        <Box sx={{ flex: 1 }} />
        {position !== null ? (
          <Typography variant="body2" color="text.secondary" data-testid="image-view-position">
            {position} / {total}
          </Typography>
        ) : null}
        <Tooltip title="Previous (←)">
          <span>
            <IconButton component={RouterLink} to={prev !== null ? `/view/${prev}` : '#'} state={linkState} replace disabled={prev === null} aria-label="Previous item" data-testid="image-view-prev">
              <ChevronLeftIcon />
            </IconButton>
          </span>
        </Tooltip>
        <Tooltip title="Next (→)">
          <span>
            <IconButton component={RouterLink} to={next !== null ? `/view/${next}` : '#'} state={linkState} replace disabled={next === null} aria-label="Next item" data-testid="image-view-next">
              <ChevronRightIcon />
            </IconButton>
          </span>
        </Tooltip>
      </Stack>
      <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', lg: 'minmax(0, 3fr) minmax(320px, 2fr)' }, gap: 2 }}>
        <Card variant="outlined" sx={{ position: 'relative', alignSelf: 'start' }}>
          <Box sx={{ overflow: 'auto', maxHeight: '75vh', bgcolor: 'action.hover', display: 'grid', placeItems: zoom === 1 ? 'center' : 'start' }} data-testid="image-view-canvas">
            {broken ? (
              <Stack sx={{ alignItems: 'center', py: 10, color: 'text.secondary' }} spacing={1} data-testid="image-view-no-image">
                <BrokenImageIcon fontSize="large" />
                <Typography>No image available</Typography>
              </Stack>
            ) : (
              <Box
                component="img"
                src={imageUrl(item.id)}
                alt={title}
                onError={() => setBroken(true)}
                sx={{ display: 'block', maxWidth: zoom === 1 ? '100%' : 'none', maxHeight: zoom === 1 ? '75vh' : 'none', width: zoom === 1 ? 'auto' : `${zoom * 100}%`, objectFit: 'contain' }}
              />
            )}
          </Box>
          {broken ? null : (
            <Paper sx={{ position: 'absolute', right: 8, bottom: 8, display: 'flex' }} elevation={3}>
              <IconButton aria-label="Zoom out" onClick={() => setZoom((z) => Math.max(1, z / 1.5))} disabled={zoom <= 1}>
                <ZoomOutIcon />
              </IconButton>
              <IconButton aria-label="Zoom in" onClick={() => setZoom((z) => Math.min(6, z * 1.5))} data-testid="image-view-zoom-in">
                <ZoomInIcon />
              </IconButton>
              <IconButton aria-label="Full screen" onClick={() => setFullscreen(true)}>
                <FullscreenIcon />
              </IconButton>
              <IconButton aria-label="Download original" component="a" href={imageUrl(item.id)} download={downloadName(item.id, item.content_data)} data-testid="image-view-download">
                <DownloadIcon />
              </IconButton>
            </Paper>
          )}
        </Card>
        <Box>
          <PageHeader
            title={title}
            maxTitleLength={70}
            actions={
              <>
                <BookmarkButton item={{ content_id: item.id, content_source_type: source }} bookmark={bookmark} size="medium" />
                <Tooltip title="Delete">
                  <IconButton aria-label="Delete this item" onClick={() => setConfirm(true)} data-testid="image-view-delete">
                    <DeleteIcon />
                  </IconButton>
                </Tooltip>
              </>
            }
          />
          <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', rowGap: 1, mb: 2 }}>
            <Chip size="small" label={quality !== null ? `Quality ${quality}%` : 'Quality n/a'} color={quality !== null && quality > 75 ? 'success' : 'default'} />
            <Chip size="small" variant="outlined" label={source === 'auto' ? 'Auto-generated' : 'User-generated'} />
            <Chip size="small" variant="outlined" label={`By ${item.creator_username ?? item.creator_id}`} />
            <Chip size="small" variant="outlined" label={formatDateTime(item.created_at)} />
          </Stack>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 2 }}>
            <Typography component="span" id="my-rating-label">
              Your rating
            </Typography>
            <Rating
              aria-labelledby="my-rating-label"
              value={myRating.data?.rating ?? null}
              onChange={(_e, v) => rate.mutate({ existingId: myRating.data?.id ?? null, rating: v })}
              disabled={rate.isPending || myRating.isPending}
              data-testid="image-view-rating"
            />
          </Stack>
          <Typography variant="h6" component="h2">
            Prompt
          </Typography>
          <Typography sx={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', mb: 2 }} data-testid="image-view-prompt">
            {item.prompt || 'No prompt available'}
          </Typography>
          {str(meta.negative_prompt) ? (
            <>
              <Typography variant="subtitle2" component="h3">
                Negative prompt
              </Typography>
              <Typography sx={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', mb: 2 }} color="text.secondary">
                {str(meta.negative_prompt)}
              </Typography>
            </>
          ) : null}
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center', justifyContent: 'space-between', mb: 1 }}>
            <Typography variant="h6" component="h2">
              Tags
            </Typography>
            <TextField
              select
              size="small"
              label="Sort"
              value={tagSort}
              onChange={(e) => setTagSort(isTagSort(e.target.value) ? e.target.value : 'name-asc')}
              sx={{ minWidth: 200 }}
              data-testid="image-view-tag-sort"
            >
              {TAG_SORTS.map((o) => (
                <MenuItem key={o.value} value={o.value}>
                  {o.label}
                </MenuItem>
              ))}
            </TextField>
          </Stack>
          <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5, mb: 2 }} data-testid="image-view-tags">
            {itemTags.isPending ? <CircularProgress size={20} aria-label="Loading tags" /> : null}
            {itemTags.isError ? <Typography color="error">Unable to load the tags: {itemTags.error instanceof Error ? itemTags.error.message : 'unknown error'}.</Typography> : null}
            {itemTags.data ? <TagChips tags={itemTags.data} sort={tagSort} /> : null}
          </Box>
          <Typography variant="h6" component="h2">
            Generation
          </Typography>
          <Table size="small" aria-label="Generation parameters">
            <TableBody>
              {params
                .filter(([, v]) => v !== null)
                .map(([k, v]) => (
                  <TableRow key={k}>
                    <TableCell sx={{ pl: 0, color: 'text.secondary' }}>{k}</TableCell>
                    <TableCell>{v}</TableCell>
                  </TableRow>
                ))}
              {loras.map((l, i) => (
                <TableRow key={i}>
                  <TableCell sx={{ pl: 0, color: 'text.secondary' }}>LoRA</TableCell>
                  <TableCell>
                    {str(l.name)} ({str(l.strength_model) ?? '0.8'} / {str(l.strength_clip) ?? '0.8'})
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      </Box>
      <Dialog fullScreen open={fullscreen} onClose={() => setFullscreen(false)} onClick={() => setFullscreen(false)}>
        <Box component="img" src={imageUrl(item.id)} alt={title} sx={{ width: '100%', height: '100%', objectFit: 'contain', bgcolor: 'black' }} />
      </Dialog>
      <ConfirmDialog
        open={confirm}
        title="Delete this item?"
        confirmLabel="Delete"
        destructive
        busy={del.isPending}
        onClose={() => setConfirm(false)}
        onConfirm={() =>
          del.mutate(
            { id: item.id, source },
            {
              onSuccess: () => {
                setConfirm(false);
                toast({ severity: 'success', message: `Deleted “${title}”.` });
                navigate(linkState.fallbackPath ?? '/gallery', { replace: true });
              },
            },
          )
        }
      >
        “{title}” and its image will be removed for everyone, with its bookmarks and ratings. This cannot be undone.
      </ConfirmDialog>
    </Box>
  );
}
