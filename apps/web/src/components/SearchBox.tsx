import CloseIcon from '@mui/icons-material/Close';
import SearchIcon from '@mui/icons-material/Search';
import { Box, IconButton, InputAdornment, Link, List, ListItem, ListItemButton, ListItemText, Paper, Popper, TextField, ClickAwayListener } from '@mui/material';
import { useEffect, useId, useRef, useState } from 'react';
import { Link as RouterLink } from 'react-router';
import { truncate } from '../lib/format';
import { normalizeSearch } from '../lib/search-query';
import { useDeleteSearch, useRecordSearch, useSearchHistory } from '../api/search-history';

interface Props {
  initialValue?: string;
  onSubmit: (query: string) => void;
  variant?: 'appbar' | 'panel';
  testId?: string;
  label?: string;
}

/**
 * Search field with the recent-searches dropdown. Submitting records the query in the server-side
 * history. Quoted phrases ("black cat") are kept as phrases. The dropdown is keyboard-usable:
 * ArrowDown moves into it, Escape closes it.
 */
export function SearchBox({ initialValue = '', onSubmit, variant = 'panel', testId = 'search-box', label = 'Search prompts and titles' }: Props) {
  const [value, setValue] = useState(initialValue);
  const [open, setOpen] = useState(false);
  const anchorRef = useRef<HTMLDivElement>(null);
  const listId = useId();
  const history = useSearchHistory(1, 5, open);
  const record = useRecordSearch();
  const remove = useDeleteSearch();

  useEffect(() => setValue(initialValue), [initialValue]);

  const submit = (raw: string) => {
    const query = normalizeSearch(raw);
    setOpen(false);
    setValue(query);
    if (query) record.mutate(query);
    onSubmit(query);
  };

  const recent = history.data?.items ?? [];
  const appbar = variant === 'appbar';

  return (
    <ClickAwayListener onClickAway={() => setOpen(false)}>
      <Box ref={anchorRef} sx={{ position: 'relative' }}>
        <TextField
          fullWidth
          size="small"
          type="search"
          label={appbar ? undefined : label}
          placeholder={appbar ? 'Search… (use "quotes" for phrases)' : 'Words or "exact phrase"'}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          onFocus={() => setOpen(true)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              submit(value);
            } else if (e.key === 'Escape') setOpen(false);
            else if (e.key === 'ArrowDown') {
              setOpen(true);
              (document.querySelector(`[id="${listId}"] [role="option"]`) as HTMLElement | null)?.focus();
              e.preventDefault();
            }
          }}
          sx={
            appbar
              ? { '& .MuiOutlinedInput-root': { bgcolor: 'rgba(255,255,255,0.15)', color: 'inherit' }, '& fieldset': { borderColor: 'rgba(255,255,255,0.3)' } }
              : undefined
          }
          slotProps={{
            htmlInput: { 'data-testid': testId, 'aria-label': label, 'aria-controls': open ? listId : undefined, 'aria-autocomplete': 'list' },
            input: {
              endAdornment: (
                <InputAdornment position="end">
                  <IconButton size="small" aria-label="Run search" onClick={() => submit(value)} sx={{ color: 'inherit' }} edge="end">
                    <SearchIcon fontSize="small" />
                  </IconButton>
                </InputAdornment>
              ),
            },
          }}
        />
        <Popper open={open && recent.length > 0} anchorEl={anchorRef.current} placement="bottom-start" sx={{ zIndex: (t) => t.zIndex.modal + 1, width: anchorRef.current?.clientWidth }}>
          <Paper elevation={6} data-testid={`${testId}-history`}>
            <List dense id={listId} role="listbox" aria-label="Recent searches">
              {recent.map((h) => (
                <ListItem
                  key={h.search_query}
                  disablePadding
                  secondaryAction={
                    <IconButton edge="end" size="small" aria-label={`Remove "${h.search_query}" from history`} onClick={() => remove.mutate(h.search_query)}>
                      <CloseIcon fontSize="small" />
                    </IconButton>
                  }
                >
                  <ListItemButton role="option" onClick={() => submit(h.search_query)} title={h.search_query}>
                    <ListItemText primary={truncate(h.search_query, 30)} />
                  </ListItemButton>
                </ListItem>
              ))}
              <ListItem>
                <Link component={RouterLink} to="/settings/search-history" onClick={() => setOpen(false)} variant="body2">
                  See all searches
                </Link>
              </ListItem>
            </List>
          </Paper>
        </Popper>
      </Box>
    </ClickAwayListener>
  );
}
