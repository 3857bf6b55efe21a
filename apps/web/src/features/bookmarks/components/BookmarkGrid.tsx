import PushPinIcon from '@mui/icons-material/PushPin';
import { Box, MenuItem, Pagination, Skeleton, Stack, TextField, Tooltip } from '@mui/material';
import { useLocation, useSearchParams } from 'react-router';
import { EmptyState, ErrorState } from '../../../components/StateViews';
import { ThumbSizeSelect } from '../../../components/ThumbSizeSelect';
import { isThumbSize, THUMB_SIZES, type ThumbSize } from '../../../lib/thumb-sizes';
import { useViewSequence } from '../../../lib/view-sequence';
import { ContentTile } from '../../../components/ContentTile';
import type { BookmarkWithContent } from '../../../api/bookmarks';
import { BookmarkButton } from '../../../components/BookmarkButton';

export const ITEM_SORTS = {
  user_rating_then_created: 'Your rating, then date added',
  datetime_added: 'Date added',
  user_rating: 'Your rating',
  quality_score: 'Quality',
  datetime_created: 'Date created',
  alphabetical: 'Title',
} as const;
export type ItemSort = keyof typeof ITEM_SORTS;
export const PAGE_SIZES = [24, 48, 96];

/** List state in the URL: sort, order, page, page size and thumbnail size. */
export function useBookmarkListParams() {
  const [params, setParams] = useSearchParams();
  const sort = (params.get('sort') ?? '') in ITEM_SORTS ? (params.get('sort') as ItemSort) : 'user_rating_then_created';
  const order = params.get('order') === 'asc' ? 'asc' : 'desc';
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const pageSize = PAGE_SIZES.includes(Number(params.get('size'))) ? Number(params.get('size')) : 24;
  const thumb: ThumbSize = isThumbSize(params.get('thumb')) ? (params.get('thumb') as ThumbSize) : 's';
  const set = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) if (v === null) next.delete(k);
    else next.set(k, v);
    if (!('page' in patch)) next.delete('page');
    setParams(next);
  };
  return { sort, order, page, pageSize, thumb, set };
}

interface Props {
  items: BookmarkWithContent[] | undefined;
  total: number;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  emptyText: string;
}

export function BookmarkGrid({ items, total, loading, error, onRetry, emptyText }: Props) {
  const { sort, order, page, pageSize, thumb, set } = useBookmarkListParams();
  const size = THUMB_SIZES[thumb];
  const location = useLocation();
  // The page of bookmarks shown (this category, sort and page) is the image view's previous/next list.
  const linkState = useViewSequence(`bookmarks:${location.pathname}`, items?.map((b) => b.content_id) ?? [], 'bookmarks', location.pathname + location.search);
  return (
    <Box>
      <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 1.5, mb: 2 }}>
        <TextField select size="small" label="Sort by" value={sort} onChange={(e) => set({ sort: e.target.value })} sx={{ minWidth: 220 }} slotProps={{ htmlInput: { 'data-testid': 'bookmarks-sort' } }}>
          {(Object.keys(ITEM_SORTS) as ItemSort[]).map((k) => (
            <MenuItem key={k} value={k}>
              {ITEM_SORTS[k]}
            </MenuItem>
          ))}
        </TextField>
        <TextField select size="small" label="Order" value={order} onChange={(e) => set({ order: e.target.value })}>
          <MenuItem value="desc">Descending</MenuItem>
          <MenuItem value="asc">Ascending</MenuItem>
        </TextField>
        <TextField select size="small" label="Per page" value={pageSize} onChange={(e) => set({ size: e.target.value })}>
          {PAGE_SIZES.map((n) => (
            <MenuItem key={n} value={n}>
              {n}
            </MenuItem>
          ))}
        </TextField>
        <ThumbSizeSelect value={thumb} onChange={(v) => set({ thumb: v, page: String(page) })} />
      </Stack>
      {error ? <ErrorState error={error} onRetry={onRetry} /> : null}
      {loading ? (
        <Skeleton variant="rounded" height={240} />
      ) : !items || items.length === 0 ? (
        <EmptyState>{emptyText}</EmptyState>
      ) : (
        <Box sx={{ display: 'grid', gridTemplateColumns: `repeat(auto-fill, minmax(${size.width}px, 1fr))`, gap: 1.5, alignItems: 'start' }} data-testid="bookmarks-grid">
          {items.map((b) => {
            const c = 'content' in b ? b.content : null;
            const bookmark = { id: b.id, user_id: b.user_id, content_id: b.content_id, content_source_type: b.content_source_type, note: b.note, pinned: b.pinned, is_public: b.is_public, created_at: b.created_at, updated_at: b.updated_at };
            return (
              <Box key={b.id} sx={{ position: 'relative' }}>
                <ContentTile
                  item={{ id: b.content_id, title: c?.title ?? `Content #${b.content_id}`, created_at: c?.created_at ?? b.created_at }}
                  size={thumb}
                  to={`/view/${b.content_id}`}
                  linkState={linkState}
                  action={<BookmarkButton item={{ content_id: b.content_id, content_source_type: b.content_source_type === 'auto' ? 'auto' : 'items' }} bookmark={bookmark} />}
                />
                {b.pinned ? (
                  <Tooltip title="Pinned">
                    <PushPinIcon fontSize="small" color="primary" sx={{ position: 'absolute', top: 6, right: 6 }} aria-label="Pinned" />
                  </Tooltip>
                ) : null}
              </Box>
            );
          })}
        </Box>
      )}
      {total > pageSize ? (
        <Pagination sx={{ mt: 2 }} count={Math.ceil(total / pageSize)} page={page} onChange={(_e, p) => set({ page: p > 1 ? String(p) : null })} showFirstButton showLastButton />
      ) : null}
    </Box>
  );
}
