import { Box, Button, Divider, FormControlLabel, FormGroup, MenuItem, Stack, Switch, TextField, Typography } from '@mui/material';
import { SearchBox } from '../../../components/SearchBox';
import { TagPicker } from '../../../components/TagPicker';
import type { FlatTag } from '../../../lib/tag-tree';
import { SORTS, SOURCE_KEYS, SOURCE_LABELS, type GalleryState, type SortKey } from '../gallery-url-state';

interface Props {
  state: GalleryState;
  tags: FlatTag[];
  onChange: (patch: Partial<GalleryState>) => void;
}

export function GalleryFilters({ state, tags, onChange }: Props) {
  return (
    <Stack spacing={2} data-testid="gallery-filters">
      <SearchBox initialValue={state.search} onSubmit={(search) => onChange({ search })} testId="gallery-search" />
      {state.search ? (
        <Button size="small" variant="outlined" onClick={() => onChange({ search: '' })} sx={{ alignSelf: 'flex-start' }} data-testid="gallery-clear-search">
          Clear search
        </Button>
      ) : null}
      <TextField
        select
        size="small"
        label="Sort by"
        value={state.sort}
        onChange={(e) => onChange({ sort: e.target.value as SortKey })}
        slotProps={{ htmlInput: { 'data-testid': 'gallery-sort' } }}
      >
        {(Object.keys(SORTS) as SortKey[]).map((k) => (
          <MenuItem key={k} value={k}>
            {SORTS[k].label}
          </MenuItem>
        ))}
      </TextField>
      <Divider />
      <Box>
        <Typography variant="subtitle2" component="h2">
          Sources
        </Typography>
        <Typography variant="caption" color="text.secondary" component="p">
          Which kinds of content to include.
        </Typography>
        <FormGroup>
          {SOURCE_KEYS.map((k) => (
            <FormControlLabel
              key={k}
              label={SOURCE_LABELS[k]}
              control={
                <Switch
                  size="small"
                  checked={state.sources.includes(k)}
                  onChange={(e) => onChange({ sources: e.target.checked ? SOURCE_KEYS.filter((s) => s === k || state.sources.includes(s)) : state.sources.filter((s) => s !== k) })}
                  slotProps={{ input: { 'data-testid': `gallery-source-${k}` } as React.InputHTMLAttributes<HTMLInputElement> }}
                />
              }
            />
          ))}
        </FormGroup>
      </Box>
      <Divider />
      <Box>
        <Typography variant="subtitle2" component="h2" gutterBottom>
          Tags
        </Typography>
        <TagPicker nodes={tags} selected={state.tags} onChange={(names) => onChange({ tags: names })} match={state.tagMatch} onMatchChange={(tagMatch) => onChange({ tagMatch })} />
      </Box>
    </Stack>
  );
}
