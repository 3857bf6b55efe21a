import DeleteIcon from '@mui/icons-material/Delete';
import SearchIcon from '@mui/icons-material/Search';
import { Box, Button, Card, IconButton, Pagination, Skeleton, Table, TableBody, TableCell, TableHead, TableRow, TableSortLabel, TextField, Tooltip, Typography, Stack } from '@mui/material';
import { useMemo, useState } from 'react';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState } from '../../components/StateViews';
import { formatDateTime } from '../../lib/format';
import { matchesSearch, tokenizeSearch } from '../../lib/search-query';
import { useClearSearchHistory, useDeleteSearch, useSearchHistory } from '../../api/search-history';

const PAGE_SIZE = 50;
type SortKey = 'search_query' | 'search_count' | 'last_searched_at';

export default function SearchHistoryPage() {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const filter = params.get('filter') ?? '';
  const sort = (['search_query', 'search_count', 'last_searched_at'].includes(params.get('sort') ?? '') ? params.get('sort') : 'last_searched_at') as SortKey;
  const order = params.get('order') === 'asc' ? 'asc' : 'desc';
  const history = useSearchHistory(page, PAGE_SIZE);
  const remove = useDeleteSearch();
  const clear = useClearSearchHistory();
  const [confirm, setConfirm] = useState(false);
  const set = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: 'filter' in patch });
  };

  const rows = useMemo(() => {
    const terms = tokenizeSearch(filter);
    const list = (history.data?.items ?? []).filter((r) => matchesSearch(r.search_query, terms));
    const dir = order === 'asc' ? 1 : -1;
    return list.sort((a, b) => (sort === 'search_count' ? (a.search_count - b.search_count) * dir : String(a[sort]).localeCompare(String(b[sort])) * dir));
  }, [history.data, filter, sort, order]);
  const total = history.data?.pagination.total_count ?? 0;

  const header = (key: SortKey, label: string) => (
    <TableSortLabel active={sort === key} direction={sort === key ? order : 'asc'} onClick={() => set({ sort: key, order: sort === key && order === 'desc' ? 'asc' : 'desc' })}>
      {label}
    </TableSortLabel>
  );

  return (
    <Box data-testid="search-history-page">
      <PageHeader
        title="Search History"
        actions={
          <Button color="error" variant="outlined" onClick={() => setConfirm(true)} disabled={total === 0}>
            Clear all
          </Button>
        }
      />
      <Stack direction="row" spacing={2} sx={{ mb: 2, alignItems: 'center' }}>
        <TextField size="small" label="Filter" placeholder='Words or "exact phrase"' value={filter} onChange={(e) => set({ filter: e.target.value })} sx={{ minWidth: 280 }} />
        <Typography variant="body2" color="text.secondary">
          {total} distinct searches{history.data && history.data.pagination.total_pages > 1 ? ' (sorting and filtering apply to this page)' : ''}
        </Typography>
      </Stack>
      {history.isError ? <ErrorState error={history.error} onRetry={() => void history.refetch()} /> : null}
      {history.isPending ? <Skeleton variant="rounded" height={200} /> : null}
      {history.isSuccess && total === 0 ? <EmptyState>No search history yet. Searches from the gallery appear here.</EmptyState> : null}
      {history.isSuccess && total > 0 ? (
        <Card variant="outlined">
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell>{header('search_query', 'Search')}</TableCell>
                <TableCell align="right">{header('search_count', 'Times')}</TableCell>
                <TableCell>{header('last_searched_at', 'Last searched')}</TableCell>
                <TableCell align="right">Actions</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((r) => (
                <TableRow key={r.search_query} data-testid="search-history-row">
                  <TableCell sx={{ wordBreak: 'break-word' }}>{r.search_query}</TableCell>
                  <TableCell align="right">{r.search_count}</TableCell>
                  <TableCell>{formatDateTime(r.last_searched_at)}</TableCell>
                  <TableCell align="right">
                    <Tooltip title="Search again">
                      <IconButton component={RouterLink} to={`/gallery?search=${encodeURIComponent(r.search_query)}`} aria-label={`Search again for ${r.search_query}`}>
                        <SearchIcon />
                      </IconButton>
                    </Tooltip>
                    <Tooltip title="Delete">
                      <IconButton aria-label={`Delete ${r.search_query}`} onClick={() => remove.mutate(r.search_query)}>
                        <DeleteIcon />
                      </IconButton>
                    </Tooltip>
                  </TableCell>
                </TableRow>
              ))}
              {rows.length === 0 ? (
                <TableRow>
                  <TableCell colSpan={4}>No searches match the filter.</TableCell>
                </TableRow>
              ) : null}
            </TableBody>
          </Table>
        </Card>
      ) : null}
      {history.data && history.data.pagination.total_pages > 1 ? (
        <Pagination sx={{ mt: 2 }} count={history.data.pagination.total_pages} page={page} onChange={(_e, p) => set({ page: p > 1 ? String(p) : null })} />
      ) : null}
      <ConfirmDialog open={confirm} title="Clear all search history?" confirmLabel="Clear all" destructive busy={clear.isPending} onClose={() => setConfirm(false)} onConfirm={() => clear.mutate(undefined, { onSuccess: () => setConfirm(false) })}>
        Every recorded search is deleted permanently.
      </ConfirmDialog>
    </Box>
  );
}
