import CloseIcon from '@mui/icons-material/Close';
import GridViewIcon from '@mui/icons-material/GridView';
import TuneIcon from '@mui/icons-material/Tune';
import ViewListIcon from '@mui/icons-material/ViewList';
import {
  Alert,
  Box,
  Button,
  CircularProgress,
  Drawer,
  IconButton,
  Paper,
  Skeleton,
  Stack,
  TextField,
  ToggleButton,
  ToggleButtonGroup,
  Tooltip,
  Typography,
  useMediaQuery,
  useTheme,
} from '@mui/material';
import { memo, useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState } from '../../components/StateViews';
import { ThumbSizeSelect } from '../../components/ThumbSizeSelect';
import { useUserId } from '../../lib/current-user';
import { formatCount } from '../../lib/format';
import { useStoredState } from '../../lib/use-stored-state';
import { GALLERY_SEQUENCE, saveViewSequence, type ViewLinkState } from '../../lib/view-sequence';
import { bookmarkKey, useBookmarkStatusPages, type Bookmark } from '../../api/bookmarks';
import { BookmarkButton } from '../../components/BookmarkButton';
import { useTagHierarchy } from '../../api/tags';
import { GALLERY_PAGE_SIZE, useGalleryPages, type UnifiedItem } from '../../api/content';
import { ContentRow, ContentTile } from '../../components/ContentTile';
import type { ThumbSize } from '../../lib/thumb-sizes';
import { GalleryFilters } from './components/GalleryFilters';
import { StatsPopoverButton } from './components/StatsPopoverButton';
import { VirtualContentGrid } from './components/VirtualContentGrid';
import { galleryApiQuery, parseGalleryParams, updateGalleryParams, type GalleryState } from './gallery-url-state';

const PANEL_WIDTH = 340;

export default function GalleryPage() {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => parseGalleryParams(params), [params]);
  const userId = useUserId();
  const theme = useTheme();
  const wide = useMediaQuery(theme.breakpoints.up('lg'), { noSsr: true });
  const [panelOpen, setPanelOpen] = useStoredState('gallery-options-open', true);
  const [mobilePanel, setMobilePanel] = useState(false);

  const hierarchy = useTagHierarchy();
  const tagNodes = useMemo(() => (hierarchy.data?.nodes ?? []).map((n) => ({ id: n.id, name: n.name, parent: n.parent ?? null })), [hierarchy.data]);
  const byName = useMemo(() => new Map(tagNodes.map((n) => [n.name.toLowerCase(), n])), [tagNodes]);
  const unknownTags = hierarchy.data ? state.tags.filter((t) => !byName.has(t.toLowerCase())) : [];
  const tagIds = state.tags.map((t) => byName.get(t.toLowerCase())?.id).filter((id): id is string => Boolean(id));
  // Wait for the name→id map before querying with tags, so the first request is already right.
  const ready = state.tags.length === 0 || Boolean(hierarchy.data) || hierarchy.isError;
  const filter = ready ? galleryApiQuery(state, userId, tagIds) : null;

  // The page the list starts from: set by the URL on arrival, by "jump to", and by Back/Forward
  // to a page outside what is loaded. Scrolling only rewrites `p` in place.
  const [anchor, setAnchor] = useState(state.page);
  const query = useGalleryPages(filter, anchor);
  const pages = query.data?.pages ?? [];
  const items = useMemo(() => pages.flatMap((p) => p.items), [pages]);
  const firstPage = pages[0]?.pageNumber ?? anchor;
  const lastPage = pages[pages.length - 1]?.pageNumber ?? anchor;
  const pagination = pages[0]?.pagination;
  const total = pagination?.total_count ?? 0;
  const totalPages = pagination?.total_pages ?? 0;

  useEffect(() => {
    if (query.isFetching) return;
    if (state.page < firstPage || state.page > lastPage) {
      setAnchor(state.page);
      window.scrollTo({ top: 0 });
    }
    // Only a URL change should move the anchor, so the loaded range is read, not depended on.
  }, [state.page]);

  const update = useCallback(
    (patch: Partial<GalleryState>) => {
      const next = updateGalleryParams(params, patch);
      if ('page' in patch || next.get('p') !== params.get('p')) setAnchor(Number(next.get('p') ?? 1));
      setParams(next);
    },
    [params, setParams],
  );

  const onFirstVisible = useCallback(
    (index: number) => {
      const page = firstPage + Math.floor(index / GALLERY_PAGE_SIZE);
      if (page !== state.page && items.length > 0) setParams(updateGalleryParams(params, { page }), { replace: true });
    },
    [firstPage, state.page, items.length, params, setParams],
  );

  const onReachEnd = useCallback(() => {
    if (query.hasNextPage && !query.isFetchingNextPage) void query.fetchNextPage();
  }, [query]);

  useEffect(() => saveViewSequence(GALLERY_SEQUENCE, items.map((i) => i.id)), [items]);

  // One bookmark-status request per loaded page of 50, never one per tile.
  const statusPages = useMemo(() => pages.map((p) => p.items.map((i) => ({ content_id: i.id, content_source_type: i.source_type }))), [pages]);
  const statuses = useBookmarkStatusPages(statusPages);

  // Stable between renders, so the memoised rows and tiles of the grid only render when their own
  // item or bookmark changes (or the URL does, which the grid only rewrites once scrolling pauses).
  const search = params.toString();
  const linkState = useMemo<ViewLinkState>(() => ({ from: 'gallery', fallbackPath: `/gallery?${search}`, sequence: GALLERY_SEQUENCE }), [search]);
  const size = state.size;
  const renderTile = useCallback(
    (i: UnifiedItem) => <GalleryCell item={i} size={size} linkState={linkState} bookmark={bookmarkOf(statuses, i)} />,
    [size, linkState, statuses],
  );
  const renderRow = useCallback((i: UnifiedItem) => <GalleryCell item={i} linkState={linkState} bookmark={bookmarkOf(statuses, i)} />, [linkState, statuses]);

  const filters = <GalleryFilters state={state} tags={tagNodes} onChange={update} />;
  const showPanel = wide && panelOpen;

  return (
    <Box data-testid="gallery-page" data-app-ready={query.isSuccess ? '1' : undefined}>
      <PageHeader
        title="Gallery"
        subtitle={
          <Stack direction="row" sx={{ alignItems: 'center' }} spacing={0.5}>
            <span data-testid="gallery-summary">
              {query.isSuccess ? (total ? `${formatCount(total)} results · ${formatCount(totalPages)} pages` : '0 results matching filters') : 'Loading…'}
            </span>
            <StatsPopoverButton userId={userId} />
          </Stack>
        }
        actions={
          <>
            <ToggleButtonGroup exclusive size="small" value={state.view} onChange={(_e, v: 'grid' | 'list' | null) => v && update({ view: v })} aria-label="View">
              <ToggleButton value="grid" aria-label="Grid view" data-testid="gallery-view-grid">
                <GridViewIcon fontSize="small" />
              </ToggleButton>
              <ToggleButton value="list" aria-label="List view" data-testid="gallery-view-list">
                <ViewListIcon fontSize="small" />
              </ToggleButton>
            </ToggleButtonGroup>
            {state.view === 'grid' ? <ThumbSizeSelect value={state.size} onChange={(size) => update({ size })} testId="gallery-thumb-size" /> : null}
            <JumpToPage totalPages={totalPages} current={state.page} onJump={(page) => update({ page })} />
            <Tooltip title={wide ? (panelOpen ? 'Hide filters' : 'Show filters') : 'Filters'}>
              <IconButton
                aria-label={wide ? (panelOpen ? 'Hide filters' : 'Show filters') : 'Show filters'}
                aria-expanded={wide ? panelOpen : mobilePanel}
                onClick={() => (wide ? setPanelOpen(!panelOpen) : setMobilePanel(true))}
                data-testid="gallery-filters-toggle"
              >
                <TuneIcon />
              </IconButton>
            </Tooltip>
          </>
        }
      />
      {unknownTags.length ? (
        <Alert severity="warning" sx={{ mb: 2 }} onClose={() => update({ tags: state.tags.filter((t) => !unknownTags.includes(t)) })} data-testid="gallery-unknown-tags">
          Unknown tags in the link, ignored: {unknownTags.join(', ')}
        </Alert>
      ) : null}
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'flex-start' }}>
        <Box sx={{ flex: 1, minWidth: 0 }}>
          {firstPage > 1 && query.isSuccess ? (
            <Button fullWidth variant="outlined" sx={{ mb: 2 }} onClick={() => void query.fetchPreviousPage()} disabled={query.isFetchingPreviousPage} data-testid="gallery-load-earlier">
              {query.isFetchingPreviousPage ? 'Loading…' : `Load page ${firstPage - 1}`}
            </Button>
          ) : null}
          {query.isError ? (
            <ErrorState error={query.error} onRetry={() => void query.refetch()} testId="gallery-error" />
          ) : query.isPending ? (
            <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))', gap: 1.5 }} data-testid="gallery-loading">
              {Array.from({ length: 8 }, (_, i) => (
                <Skeleton key={i} variant="rounded" height={300} />
              ))}
            </Box>
          ) : items.length === 0 ? (
            <EmptyState
              testId="gallery-empty"
              action={
                <Button variant="outlined" onClick={() => setParams(new URLSearchParams())}>
                  Reset all filters
                </Button>
              }
            >
              No gallery items found. Try adjusting your filters.
            </EmptyState>
          ) : (
            <Box sx={{ opacity: query.isPlaceholderData ? 0.6 : 1, transition: 'opacity 150ms' }}>
              <VirtualContentGrid
                items={items}
                view={state.view}
                size={state.size}
                getKey={itemKey}
                onReachEnd={onReachEnd}
                onFirstVisible={onFirstVisible}
                renderTile={renderTile}
                renderRow={renderRow}
              />
              <Box sx={{ py: 3, textAlign: 'center' }}>
                {query.isFetchingNextPage ? <CircularProgress size={28} aria-label="Loading more" /> : null}
                {!query.hasNextPage ? (
                  <Typography color="text.secondary" variant="body2">
                    End of results
                  </Typography>
                ) : null}
              </Box>
            </Box>
          )}
        </Box>
        {showPanel ? (
          <Paper
            variant="outlined"
            component="aside"
            aria-label="Gallery filters"
            sx={{ width: PANEL_WIDTH, flexShrink: 0, p: 2, position: 'sticky', top: 80, maxHeight: 'calc(100vh - 96px)', overflow: 'auto' }}
          >
            <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', mb: 1 }}>
              <Typography variant="h6" component="h2">
                Filters
              </Typography>
              <IconButton size="small" aria-label="Hide filters" onClick={() => setPanelOpen(false)}>
                <CloseIcon fontSize="small" />
              </IconButton>
            </Stack>
            {filters}
          </Paper>
        ) : null}
      </Box>
      {!wide ? (
        <Drawer anchor="bottom" open={mobilePanel} onClose={() => setMobilePanel(false)} slotProps={{ paper: { sx: { maxHeight: '85vh', p: 2, borderTopLeftRadius: 12, borderTopRightRadius: 12 } } }}>
          <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', mb: 1 }}>
            <Typography variant="h6" component="h2">
              Filters
            </Typography>
            <Button onClick={() => setMobilePanel(false)}>Done</Button>
          </Stack>
          {filters}
        </Drawer>
      ) : null}
    </Box>
  );
}

const itemKey = (i: UnifiedItem) => `${i.source_type}-${i.id}`;

/** The item's status from the page's batch request; undefined while that request is loading. */
function bookmarkOf(statuses: Map<string, Bookmark | null>, i: UnifiedItem): Bookmark | null | undefined {
  const key = bookmarkKey({ content_id: i.id, content_source_type: i.source_type });
  return statuses.has(key) ? statuses.get(key) : undefined;
}

/** A tile (with `size`) or a list row (without), with its bookmark button; renders only when one of its props changes. */
const GalleryCell = memo(function GalleryCell({ item, size, linkState, bookmark }: { item: UnifiedItem; size?: ThumbSize; linkState: unknown; bookmark: Bookmark | null | undefined }) {
  const ref = useMemo(() => ({ content_id: item.id, content_source_type: item.source_type }), [item.id, item.source_type]);
  const action = <BookmarkButton item={ref} bookmark={bookmark} />;
  const to = `/view/${item.id}`;
  return size ? <ContentTile item={item} size={size} to={to} linkState={linkState} action={action} /> : <ContentRow item={item} to={to} linkState={linkState} action={action} />;
});

function JumpToPage({ totalPages, current, onJump }: { totalPages: number; current: number; onJump: (page: number) => void }) {
  const [value, setValue] = useState('');
  const n = Number.parseInt(value, 10);
  const valid = Number.isFinite(n) && n >= 1 && n <= Math.max(totalPages, 1);
  return (
    <Box
      component="form"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) {
          onJump(n);
          setValue('');
        }
      }}
      sx={{ display: 'flex', gap: 0.5, alignItems: 'center' }}
    >
      <TextField
        size="small"
        label="Page"
        placeholder={`${current} of ${totalPages || 1}`}
        value={value}
        onChange={(e) => setValue(e.target.value.replace(/\D/g, ''))}
        error={value !== '' && !valid}
        sx={{ width: 110 }}
        slotProps={{ htmlInput: { inputMode: 'numeric', 'aria-label': `Jump to page (1 to ${totalPages || 1})`, 'data-testid': 'gallery-jump-input' } }}
      />
      <Button type="submit" size="small" variant="outlined" disabled={!valid} data-testid="gallery-jump-button">
        Go
      </Button>
    </Box>
  );
}
