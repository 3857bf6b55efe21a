import DeleteIcon from '@mui/icons-material/Delete';
import { Button, Checkbox, Dialog, DialogActions, DialogContent, DialogTitle, FormControlLabel, IconButton, MenuItem, Stack, Switch, TextField, Tooltip } from '@mui/material';
import { useId, useMemo, useState } from 'react';
import { useDeleteCategory, useSaveCategory, type BookmarkCategory } from '../../../api/bookmarks';
import { categoryLabelMap, subtreeIds } from '../../../lib/category-tree';

const UNCATEGORIZED = 'Uncategorized';

export function CategoryDialog({
  category,
  categories,
  onClose,
  onDeleted,
  defaultParent,
}: {
  category: BookmarkCategory | null;
  categories: BookmarkCategory[];
  onClose: () => void;
  /** Runs after the category was deleted, before the dialog closes (a page showing it leaves here). */
  onDeleted?: (category: BookmarkCategory) => void;
  defaultParent?: string | null;
}) {
  const titleId = useId();
  const save = useSaveCategory();
  const [name, setName] = useState(category?.name ?? '');
  const [description, setDescription] = useState(category?.description ?? '');
  const [parent, setParent] = useState<string>(category?.parent_id ?? defaultParent ?? '');
  const [isPublic, setIsPublic] = useState(category?.is_public ?? false);
  const [deleting, setDeleting] = useState(false);
  const labels = useMemo(() => categoryLabelMap(categories), [categories]);
  // A category cannot move under itself or its own descendants.
  const blocked = category ? subtreeIds(categories, category.id) : new Set<string>();
  const nameError = name.trim().length < 2 ? 'At least 2 characters' : name.trim().length > 100 ? 'At most 100 characters' : null;
  const isUncategorized = category?.name === UNCATEGORIZED && !category.parent_id;

  const submit = () => {
    if (nameError) return;
    save.mutate({ id: category?.id, name: name.trim(), description: description.trim() || null, parent_id: parent || null, is_public: isPublic }, { onSuccess: onClose });
  };

  return (
    <Dialog open onClose={onClose} aria-labelledby={titleId} fullWidth maxWidth="sm" data-testid="category-dialog">
      <DialogTitle id={titleId} sx={{ display: 'flex', alignItems: 'center' }}>
        <span style={{ flex: 1 }}>{category ? 'Edit category' : 'New category'}</span>
        {category && !isUncategorized ? (
          <Tooltip title="Delete category">
            <IconButton aria-label="Delete category" color="error" onClick={() => setDeleting(true)}>
              <DeleteIcon />
            </IconButton>
          </Tooltip>
        ) : null}
      </DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1 }}>
          <TextField label="Name" required value={name} onChange={(e) => setName(e.target.value)} error={name !== '' && Boolean(nameError)} helperText={name !== '' ? nameError : undefined} disabled={isUncategorized} slotProps={{ htmlInput: { maxLength: 100, 'data-testid': 'category-name' } }} />
          <TextField label="Description" multiline minRows={2} value={description} onChange={(e) => setDescription(e.target.value)} slotProps={{ htmlInput: { maxLength: 2000 } }} />
          <TextField select label="Parent category" value={parent} onChange={(e) => setParent(e.target.value)} disabled={isUncategorized}>
            <MenuItem value="">None (top level)</MenuItem>
            {categories
              .filter((c) => !blocked.has(c.id) && !(c.name === UNCATEGORIZED && !c.parent_id))
              .map((c) => (
                <MenuItem key={c.id} value={c.id}>
                  {labels.get(c.id)}
                </MenuItem>
              ))}
          </TextField>
          <FormControlLabel control={<Switch checked={isPublic} onChange={(e) => setIsPublic(e.target.checked)} />} label="Public (anyone with the share link can view it)" />
          {save.isError ? <span role="alert">{save.error.message}</span> : null}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" onClick={submit} disabled={Boolean(nameError) || save.isPending} data-testid="category-save">
          Save
        </Button>
      </DialogActions>
      {deleting && category ? (
        <DeleteCategoryDialog
          category={category}
          categories={categories}
          onClose={() => setDeleting(false)}
          onDeleted={() => {
            onDeleted?.(category);
            onClose();
          }}
        />
      ) : null}
    </Dialog>
  );
}

export function DeleteCategoryDialog({ category, categories, onClose, onDeleted }: { category: BookmarkCategory; categories: BookmarkCategory[]; onClose: () => void; onDeleted: () => void }) {
  const titleId = useId();
  const del = useDeleteCategory();
  const blocked = subtreeIds(categories, category.id);
  const labels = categoryLabelMap(categories);
  const [target, setTarget] = useState('');
  const [deleteAll, setDeleteAll] = useState(false);
  return (
    <Dialog open onClose={onClose} aria-labelledby={titleId}>
      <DialogTitle id={titleId}>Delete “{category.name}”?</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1 }}>
          <TextField select label="Move its bookmarks to" value={target} onChange={(e) => setTarget(e.target.value)} disabled={deleteAll}>
            <MenuItem value="">Uncategorized</MenuItem>
            {categories
              .filter((c) => !blocked.has(c.id))
              .map((c) => (
                <MenuItem key={c.id} value={c.id}>
                  {labels.get(c.id)}
                </MenuItem>
              ))}
          </TextField>
          <FormControlLabel control={<Checkbox checked={deleteAll} onChange={(e) => setDeleteAll(e.target.checked)} />} label="Just remove them from this category" />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button color="error" variant="contained" disabled={del.isPending} onClick={() => del.mutate({ id: category.id, target: target || undefined, deleteAll }, { onSuccess: onDeleted })}>
          Delete category
        </Button>
      </DialogActions>
    </Dialog>
  );
}
