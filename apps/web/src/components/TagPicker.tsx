import AccountTreeIcon from '@mui/icons-material/AccountTree';
import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import {
  Box,
  Button,
  Checkbox,
  Chip,
  IconButton,
  List,
  ListItem,
  ListItemButton,
  ListItemIcon,
  ListItemText,
  Stack,
  TextField,
  ToggleButton,
  ToggleButtonGroup,
  Tooltip,
  Typography,
} from '@mui/material';
import { useDeferredValue, useMemo, useState } from 'react';
import { Link as RouterLink } from 'react-router';
import { indexTags, searchTags, tagPath, type FlatTag } from '../lib/tag-tree';

interface Props {
  nodes: FlatTag[];
  /** Selected tag names. */
  selected: string[];
  onChange: (names: string[]) => void;
  match: 'all' | 'any';
  onMatchChange: (m: 'all' | 'any') => void;
}

const MAX_RESULTS = 50;

/**
 * Tag filter: type to find tags anywhere in the hierarchy (each result shows its path), tick
 * checkboxes to select, pick whether items need all or any of them. Tags without a search are
 * browsed from the roots down, one level at a time.
 */
export function TagPicker({ nodes, selected, onChange, match, onMatchChange }: Props) {
  const [query, setQuery] = useState('');
  const [browseParent, setBrowseParent] = useState<string | null>(null);
  const deferred = useDeferredValue(query);
  const index = useMemo(() => indexTags(nodes), [nodes]);
  const selectedSet = useMemo(() => new Set(selected.map((s) => s.toLowerCase())), [selected]);

  const results = deferred.trim() ? searchTags(nodes, deferred) : (index.children.get(browseParent) ?? []);
  const shown = results.slice(0, MAX_RESULTS);

  const toggle = (tag: FlatTag) => {
    const key = tag.name.toLowerCase();
    onChange(selectedSet.has(key) ? selected.filter((s) => s.toLowerCase() !== key) : [...selected, tag.name]);
  };

  return (
    <Stack spacing={1} data-testid="tag-picker">
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <TextField
          size="small"
          fullWidth
          label="Find tags"
          placeholder='Words, or "exact text"'
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          slotProps={{ htmlInput: { 'data-testid': 'tag-picker-search' } }}
        />
        <Tooltip title="Open the tag hierarchy">
          <IconButton component={RouterLink} to="/tags" aria-label="Open the tag hierarchy">
            <AccountTreeIcon />
          </IconButton>
        </Tooltip>
      </Stack>

      {selected.length > 0 ? (
        <Box>
          <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', mb: 0.5 }}>
            <Typography variant="caption" color="text.secondary">
              Selected ({selected.length})
            </Typography>
            <Button size="small" onClick={() => onChange([])} data-testid="tag-picker-clear">
              Clear all
            </Button>
          </Stack>
          <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5 }}>
            {selected.map((name) => (
              <Chip
                key={name}
                label={name}
                color="primary"
                size="small"
                onDelete={() => onChange(selected.filter((s) => s !== name))}
                data-testid="tag-picker-selected-chip"
                title={index.byName.get(name.toLowerCase()) ? tagPath(index, index.byName.get(name.toLowerCase())!.id).join(' › ') : 'Unknown tag'}
              />
            ))}
          </Box>
          {selected.length > 1 ? (
            <ToggleButtonGroup
              exclusive
              size="small"
              value={match}
              onChange={(_e, v: 'all' | 'any' | null) => v && onMatchChange(v)}
              aria-label="Items must have"
              sx={{ mt: 1 }}
            >
              <ToggleButton value="all" data-testid="tag-match-all">
                All tags
              </ToggleButton>
              <ToggleButton value="any" data-testid="tag-match-any">
                Any tag
              </ToggleButton>
            </ToggleButtonGroup>
          ) : null}
        </Box>
      ) : null}

      {!deferred.trim() && browseParent ? (
        <Button size="small" sx={{ alignSelf: 'flex-start' }} onClick={() => setBrowseParent(index.byId.get(browseParent)?.parent ?? null)}>
          ← {tagPath(index, browseParent).join(' › ')}
        </Button>
      ) : null}

      <List dense sx={{ maxHeight: 320, overflow: 'auto', border: 1, borderColor: 'divider', borderRadius: 1 }} aria-label="Tags">
        {shown.map((tag) => {
          const checked = selectedSet.has(tag.name.toLowerCase());
          const hasChildren = (index.children.get(tag.id)?.length ?? 0) > 0;
          const path = tagPath(index, tag.id);
          return (
            <ListItem
              key={tag.id}
              disablePadding
              secondaryAction={
                <Stack direction="row">
                  {hasChildren && !deferred.trim() ? (
                    <Tooltip title={`Show tags under ${tag.name}`}>
                      <IconButton size="small" aria-label={`Show tags under ${tag.name}`} onClick={() => setBrowseParent(tag.id)} data-testid="tag-picker-drill">
                        <AccountTreeIcon fontSize="small" />
                      </IconButton>
                    </Tooltip>
                  ) : null}
                  <Tooltip title={`Open the ${tag.name} tag page`}>
                    <IconButton size="small" component={RouterLink} to={`/tags/${tag.id}`} aria-label={`Open the ${tag.name} tag page`}>
                      <OpenInNewIcon fontSize="small" />
                    </IconButton>
                  </Tooltip>
                </Stack>
              }
            >
              <ListItemButton onClick={() => toggle(tag)} dense sx={{ pr: 10 }} data-testid="tag-picker-option">
                <ListItemIcon sx={{ minWidth: 32 }}>
                  <Checkbox edge="start" size="small" checked={checked} tabIndex={-1} disableRipple slotProps={{ input: { 'aria-label': tag.name } }} />
                </ListItemIcon>
                <ListItemText primary={tag.name} secondary={path.length > 1 ? path.slice(0, -1).join(' › ') : undefined} />
              </ListItemButton>
            </ListItem>
          );
        })}
        {shown.length === 0 ? (
          <Typography sx={{ p: 1.5 }} color="text.secondary" variant="body2" data-testid="tag-picker-empty">
            {deferred.trim() ? 'No tags match.' : 'No tags.'}
          </Typography>
        ) : null}
        {results.length > shown.length ? (
          <Typography sx={{ p: 1 }} color="text.secondary" variant="caption" component="p">
            Showing {shown.length} of {results.length}; type more to narrow down.
          </Typography>
        ) : null}
      </List>
    </Stack>
  );
}
