import AddIcon from '@mui/icons-material/Add';
import EditIcon from '@mui/icons-material/Edit';
import FolderIcon from '@mui/icons-material/Folder';
import LockIcon from '@mui/icons-material/Lock';
import PublicIcon from '@mui/icons-material/Public';
import { Box, Button, Card, IconButton, List, ListItem, ListItemButton, ListItemIcon, ListItemText, Skeleton, Tooltip, Typography } from '@mui/material';
import { useMemo, useState } from 'react';
import { Link as RouterLink } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { useAllBookmarks, useCategories, type BookmarkCategory } from '../../api/bookmarks';
import { buildCategoryTree, flattenTree } from '../../lib/category-tree';
import { BookmarkGrid, useBookmarkListParams } from './components/BookmarkGrid';
import { CategoryDialog } from './components/CategoryDialogs';

export default function BookmarksPage() {
  const categories = useCategories();
  const all = useMemo(() => categories.data?.items ?? [], [categories.data]);
  const tree = useMemo(() => flattenTree(buildCategoryTree(all, (a, b) => (a.name === 'Uncategorized' ? -1 : b.name === 'Uncategorized' ? 1 : a.name.localeCompare(b.name)))), [all]);
  const [editing, setEditing] = useState<{ category: BookmarkCategory | null; parent?: string | null } | null>(null);
  const { sort, order, page, pageSize } = useBookmarkListParams();
  const bookmarks = useAllBookmarks({ sort_field: sort, sort_order: order, skip: (page - 1) * pageSize, limit: pageSize });

  return (
    <Box data-testid="bookmarks-page">
      <PageHeader
        title="Bookmarks"
        actions={
          <Button variant="contained" startIcon={<AddIcon />} onClick={() => setEditing({ category: null })} data-testid="bookmarks-add-category">
            Add category
          </Button>
        }
      />
      <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: '280px minmax(0, 1fr)' }, gap: 2, alignItems: 'start' }}>
        <Card variant="outlined" component="nav" aria-label="Bookmark categories">
          <Typography variant="subtitle1" component="h2" sx={{ px: 2, pt: 1.5, fontWeight: 600 }}>
            Categories
          </Typography>
          {categories.isPending ? <Skeleton sx={{ mx: 2 }} height={120} /> : null}
          <List dense data-testid="bookmark-category-tree">
            {tree.map(({ category: c, depth }) => (
              <ListItem
                key={c.id}
                disablePadding
                secondaryAction={
                  <Box>
                    <Tooltip title="Add a subcategory">
                      <IconButton size="small" aria-label={`Add a subcategory to ${c.name}`} onClick={() => setEditing({ category: null, parent: c.id })}>
                        <AddIcon fontSize="small" />
                      </IconButton>
                    </Tooltip>
                    <Tooltip title="Edit">
                      <IconButton size="small" aria-label={`Edit ${c.name}`} onClick={() => setEditing({ category: c })}>
                        <EditIcon fontSize="small" />
                      </IconButton>
                    </Tooltip>
                  </Box>
                }
              >
                <ListItemButton component={RouterLink} to={`/bookmarks/${c.id}`} sx={{ pl: 2 + depth * 2, pr: 10 }} data-testid="bookmark-category-link">
                  <ListItemIcon sx={{ minWidth: 32 }}>
                    <FolderIcon fontSize="small" />
                  </ListItemIcon>
                  <ListItemText primary={c.name} secondary={c.description ?? undefined} slotProps={{ secondary: { noWrap: true } }} />
                  {c.is_public ? <PublicIcon fontSize="small" aria-label="Public" /> : <LockIcon fontSize="small" color="disabled" aria-label="Private" />}
                </ListItemButton>
              </ListItem>
            ))}
          </List>
        </Card>
        <Box>
          <Typography variant="h6" component="h2" gutterBottom>
            All bookmarks {bookmarks.data ? `(${bookmarks.data.total})` : ''}
          </Typography>
          <BookmarkGrid
            items={bookmarks.data?.items}
            total={bookmarks.data?.total ?? 0}
            loading={bookmarks.isPending}
            error={bookmarks.error}
            onRetry={() => void bookmarks.refetch()}
            emptyText="No bookmarks yet. Use the bookmark button on any image."
          />
        </Box>
      </Box>
      {editing ? <CategoryDialog category={editing.category} categories={all} defaultParent={editing.parent} onClose={() => setEditing(null)} /> : null}
    </Box>
  );
}
