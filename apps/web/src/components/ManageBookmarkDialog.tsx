import DeleteIcon from '@mui/icons-material/Delete';
import {
  Autocomplete,
  Box,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  Stack,
  Switch,
  TextField,
} from '@mui/material';
import { useEffect, useId, useMemo, useState } from 'react';
import { useBookmarkMemberships, useCategories, useRemoveBookmark, useSyncMemberships, useUpdateBookmark, type Bookmark } from '../api/bookmarks';
import { categoryLabelMap } from '../lib/category-tree';

export function ManageBookmarkDialog({ bookmark, onClose }: { bookmark: Bookmark; onClose: () => void }) {
  const titleId = useId();
  const categories = useCategories();
  const memberships = useBookmarkMemberships(bookmark.id);
  const sync = useSyncMemberships();
  const update = useUpdateBookmark();
  const remove = useRemoveBookmark();
  const [selected, setSelected] = useState<string[] | null>(null);
  const [note, setNote] = useState(bookmark.note ?? '');
  const [pinned, setPinned] = useState(bookmark.pinned);
  const [isPublic, setIsPublic] = useState(bookmark.is_public);

  useEffect(() => {
    if (selected === null && memberships.data) setSelected(memberships.data.items.map((m) => m.category_id));
  }, [memberships.data, selected]);

  const all = useMemo(() => categories.data?.items ?? [], [categories.data]);
  const labels = useMemo(() => categoryLabelMap(all), [all]);
  const busy = sync.isPending || update.isPending || remove.isPending;

  const save = async () => {
    await update.mutateAsync({ id: bookmark.id, note: note.trim() || null, pinned, is_public: isPublic });
    if (selected) await sync.mutateAsync({ bookmarkId: bookmark.id, categoryIds: selected });
    onClose();
  };

  return (
    <Dialog open onClose={busy ? undefined : onClose} aria-labelledby={titleId} fullWidth maxWidth="sm" onClick={(e) => e.stopPropagation()} data-testid="manage-bookmark-dialog">
      <DialogTitle id={titleId}>Manage bookmark</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1 }}>
          <Autocomplete
            multiple
            options={all.map((c) => c.id)}
            value={selected ?? []}
            onChange={(_e, v) => setSelected(v)}
            getOptionLabel={(id) => labels.get(id) ?? id}
            disableCloseOnSelect
            renderOption={(props, id, { selected: isSel }) => {
              const { key, ...rest } = props as typeof props & { key: string };
              return (
                <li key={key} {...rest}>
                  <Checkbox size="small" checked={isSel} sx={{ mr: 1 }} />
                  {labels.get(id) ?? id}
                </li>
              );
            }}
            renderInput={(params) => <TextField {...params} label="Categories" helperText="Leave empty to keep it in Uncategorized" />}
          />
          <TextField label="Note" multiline minRows={2} value={note} onChange={(e) => setNote(e.target.value)} slotProps={{ htmlInput: { maxLength: 5000 } }} />
          <Box>
            <FormControlLabel control={<Switch checked={pinned} onChange={(e) => setPinned(e.target.checked)} />} label="Pinned (listed first)" />
            <FormControlLabel control={<Switch checked={isPublic} onChange={(e) => setIsPublic(e.target.checked)} />} label="Public" />
          </Box>
        </Stack>
      </DialogContent>
      <DialogActions sx={{ justifyContent: 'space-between' }}>
        <Button
          color="error"
          startIcon={<DeleteIcon />}
          disabled={busy}
          onClick={() => remove.mutate(bookmark.id, { onSuccess: onClose })}
          data-testid="remove-bookmark"
        >
          Remove bookmark
        </Button>
        <Box>
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button variant="contained" onClick={() => void save()} disabled={busy} data-testid="save-bookmark">
            Save
          </Button>
        </Box>
      </DialogActions>
    </Dialog>
  );
}
