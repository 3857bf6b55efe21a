import EditIcon from '@mui/icons-material/Edit';
import { Alert, Box, Breadcrumbs, Button, Chip, Link, Typography } from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link as RouterLink, useNavigate, useParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { categoryQueryKeys, useCategories, useCategory, useCategoryBookmarks } from '../../api/bookmarks';
import { BookmarkGrid, useBookmarkListParams } from './components/BookmarkGrid';
import { CategoryDialog } from './components/CategoryDialogs';

export default function BookmarkCategoryPage() {
  const { categoryId } = useParams();
  const navigate = useNavigate();
  const category = useCategory(categoryId);
  const categories = useCategories();
  const all = useMemo(() => categories.data?.items ?? [], [categories.data]);
  const { sort, order, page, pageSize } = useBookmarkListParams();
  const items = useCategoryBookmarks(categoryId, { sort_field: sort, sort_order: order, skip: (page - 1) * pageSize, limit: pageSize });
  const [editing, setEditing] = useState(false);
  const qc = useQueryClient();
  const leaving = useRef<string | null>(null);
  // After deleting the category shown here, its queries (never refetched, see useDeleteCategory)
  // are dropped once this page stops showing it, so no later visit sees the stale copy.
  useEffect(
    () => () => {
      if (leaving.current === categoryId && categoryId) {
        for (const queryKey of categoryQueryKeys(categoryId)) qc.removeQueries({ queryKey });
      }
    },
    [qc, categoryId],
  );

  const chain = useMemo(() => {
    const byId = new Map(all.map((c) => [c.id, c]));
    const out = [];
    const seen = new Set<string>();
    let cur = category.data?.parent_id ? byId.get(category.data.parent_id) : undefined;
    while (cur && !seen.has(cur.id)) {
      seen.add(cur.id);
      out.unshift(cur);
      cur = cur.parent_id ? byId.get(cur.parent_id) : undefined;
    }
    return out;
  }, [all, category.data]);

  if (category.isError) {
    return (
      <Box>
        <Breadcrumbs sx={{ mb: 2 }}>
          <Link component={RouterLink} to="/bookmarks">
            Bookmarks
          </Link>
          <Typography>Not found</Typography>
        </Breadcrumbs>
        <Alert severity="warning" data-testid="bookmark-category-not-found">
          Category not found. It may have been deleted.
        </Alert>
      </Box>
    );
  }
  const c = category.data;
  return (
    <Box data-testid="bookmark-category-page">
      <Breadcrumbs sx={{ mb: 1 }}>
        <Link component={RouterLink} to="/bookmarks">
          Bookmarks
        </Link>
        {chain.map((p) => (
          <Link key={p.id} component={RouterLink} to={`/bookmarks/${p.id}`}>
            {p.name}
          </Link>
        ))}
        <Typography color="text.primary">{c?.name ?? '…'}</Typography>
      </Breadcrumbs>
      <PageHeader
        title={c?.name ?? 'Category'}
        subtitle={c?.description ?? undefined}
        actions={
          c ? (
            <>
              <Chip label={c.is_public ? 'Public' : 'Private'} variant="outlined" />
              <Button startIcon={<EditIcon />} onClick={() => setEditing(true)}>
                Edit
              </Button>
            </>
          ) : null
        }
      />
      <BookmarkGrid
        items={items.data?.bookmarks}
        total={items.data?.total ?? 0}
        loading={items.isPending}
        error={items.error}
        onRetry={() => void items.refetch()}
        emptyText="No bookmarks in this category."
      />
      {editing && c ? (
        <CategoryDialog
          category={c}
          categories={all}
          onClose={() => setEditing(false)}
          onDeleted={(deleted) => {
            // Leave for the parent (or the list) in place of the deleted page, so Back does not return to it.
            leaving.current = deleted.id;
            navigate(deleted.parent_id ? `/bookmarks/${deleted.parent_id}` : '/bookmarks', { replace: true });
          }}
        />
      ) : null}
    </Box>
  );
}
