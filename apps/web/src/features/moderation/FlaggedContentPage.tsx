import CheckIcon from '@mui/icons-material/Check';
import DeleteIcon from '@mui/icons-material/Delete';
import VisibilityIcon from '@mui/icons-material/Visibility';
import { Alert, Box, Button, Card, Checkbox, Chip, Dialog, DialogActions, DialogContent, DialogTitle, FormControlLabel, IconButton, MenuItem, Pagination, Paper, Skeleton, Slider, Stack, Switch, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ContentImage } from '../../components/ContentImage';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState } from '../../components/StateViews';
import { useUserId } from '../../lib/current-user';
import { formatDateTime, truncate } from '../../lib/format';
import { useDeleteFlagged, useFlaggedContent, useReviewFlagged, type FlaggedItem } from '../../api/flagged-content';

const PAGE_SIZE = 20;

function riskColor(score: number): 'success' | 'warning' | 'error' {
  return score <= 25 ? 'success' : score <= 50 ? 'warning' : 'error';
}

export default function FlaggedContentPage() {
  const [params, setParams] = useSearchParams();
  const userId = useUserId();
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const source = ['regular', 'auto'].includes(params.get('source') ?? '') ? (params.get('source') as string) : '';
  const unreviewed = params.get('unreviewed') === '1';
  const minRisk = Number(params.get('minRisk') ?? 0) || 0;
  const maxRisk = Number(params.get('maxRisk') ?? 100) || 100;
  const sortBy = ['risk_score', 'flagged_at', 'problem_count'].includes(params.get('sort') ?? '') ? (params.get('sort') as string) : 'risk_score';
  const order = params.get('order') === 'asc' ? 'asc' : 'desc';
  const list = useFlaggedContent({
    page,
    page_size: PAGE_SIZE,
    ...(source ? { content_source: source } : {}),
    min_risk_score: minRisk,
    max_risk_score: maxRisk,
    ...(unreviewed ? { reviewed: false } : {}),
    sort_by: sortBy,
    sort_order: order,
  });
  const review = useReviewFlagged();
  const del = useDeleteFlagged();
  const [selected, setSelected] = useState<number[]>([]);
  const [detail, setDetail] = useState<FlaggedItem | null>(null);
  const [reviewing, setReviewing] = useState<FlaggedItem | null>(null);
  const [notes, setNotes] = useState('');
  const [deleting, setDeleting] = useState<number[] | null>(null);
  // The range slider moves freely and only commits (one request) when released.
  const [range, setRange] = useState<[number, number] | null>(null);

  const set = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) if (v) next.set(k, v);
    else next.delete(k);
    if (!('page' in patch)) next.delete('page');
    setParams(next);
    setSelected([]);
  };
  const items = list.data?.items ?? [];
  const total = list.data?.pagination.total_count ?? 0;
  const allChecked = items.length > 0 && items.every((i) => selected.includes(i.id));

  return (
    <Box data-testid="flagged-content-page">
      <PageHeader title="Flagged Content" subtitle="Items whose text matched the problem-word list. Review them or delete the content." />
      <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', lg: 'minmax(0, 1fr) 300px' }, gap: 2, alignItems: 'start' }}>
        <Box sx={{ order: { xs: 2, lg: 1 }, minWidth: 0 }}>
          {selected.length ? (
            <Alert severity="info" sx={{ mb: 1 }} action={<Button color="error" onClick={() => setDeleting(selected)}>Delete selected</Button>}>
              {selected.length} selected
            </Alert>
          ) : null}
          {list.isError ? <ErrorState error={list.error} onRetry={() => void list.refetch()} /> : null}
          {list.isPending ? <Skeleton variant="rounded" height={240} /> : null}
          {list.isSuccess && items.length === 0 ? <EmptyState>No flagged content matches.</EmptyState> : null}
          {items.length > 0 ? (
            <Card variant="outlined" sx={{ overflowX: 'auto' }}>
              <Table size="small">
                <TableHead>
                  <TableRow>
                    <TableCell padding="checkbox">
                      <Checkbox
                        checked={allChecked}
                        indeterminate={selected.length > 0 && !allChecked}
                        onChange={() => setSelected(allChecked ? [] : items.map((i) => i.id))}
                        slotProps={{ input: { 'aria-label': 'Select all on this page' } }}
                      />
                    </TableCell>
                    <TableCell>Risk</TableCell>
                    <TableCell>Item</TableCell>
                    <TableCell>Words</TableCell>
                    <TableCell>Flagged</TableCell>
                    <TableCell>Status</TableCell>
                    <TableCell align="right">Actions</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {items.map((f) => {
                    const contentId = f.content_item_id ?? f.content_item_auto_id;
                    return (
                      <TableRow key={f.id} hover data-testid="flagged-row">
                        <TableCell padding="checkbox">
                          <Checkbox checked={selected.includes(f.id)} onChange={() => setSelected(selected.includes(f.id) ? selected.filter((x) => x !== f.id) : [...selected, f.id])} slotProps={{ input: { 'aria-label': `Select flag ${f.id}` } }} />
                        </TableCell>
                        <TableCell>
                          <Chip size="small" color={riskColor(f.risk_score)} label={f.risk_score.toFixed(1)} />
                        </TableCell>
                        <TableCell sx={{ maxWidth: 360 }}>
                          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                            {contentId !== null ? (
                              <Box component={RouterLink} to={`/view/${contentId}`} sx={{ width: 40, height: 60, flexShrink: 0, bgcolor: 'action.hover' }} aria-label={`Open content #${contentId}`}>
                                <ContentImage contentId={contentId} alt="" thumbnail="small" fit="cover" />
                              </Box>
                            ) : null}
                            <Box sx={{ minWidth: 0 }}>
                              <Typography variant="body2" noWrap title={f.flagged_text}>
                                {truncate(f.flagged_text, 100)}
                              </Typography>
                              <Typography variant="caption" color="text.secondary">
                                {f.content_source === 'auto' ? 'Auto' : 'Regular'}
                              </Typography>
                            </Box>
                          </Stack>
                        </TableCell>
                        <TableCell>
                          {f.flagged_words.slice(0, 3).join(', ')}
                          {f.flagged_words.length > 3 ? '…' : ''} ({f.problem_percentage.toFixed(1)}%)
                        </TableCell>
                        <TableCell>{formatDateTime(f.flagged_at)}</TableCell>
                        <TableCell>{f.reviewed ? <Chip size="small" color="success" label="Reviewed" /> : <Chip size="small" label="Pending" />}</TableCell>
                        <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                          <IconButton aria-label="Details" onClick={() => setDetail(f)}>
                            <VisibilityIcon />
                          </IconButton>
                          {!f.reviewed ? (
                            <IconButton aria-label="Mark reviewed" onClick={() => (setReviewing(f), setNotes(''))}>
                              <CheckIcon />
                            </IconButton>
                          ) : null}
                          <IconButton aria-label="Delete content" onClick={() => setDeleting([f.id])}>
                            <DeleteIcon />
                          </IconButton>
                        </TableCell>
                      </TableRow>
                    );
                  })}
                </TableBody>
              </Table>
            </Card>
          ) : null}
          <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
            Showing {items.length} of {total}
          </Typography>
          {(list.data?.pagination.total_pages ?? 0) > 1 ? <Pagination sx={{ mt: 1 }} count={list.data?.pagination.total_pages} page={page} onChange={(_e, p) => set({ page: p > 1 ? String(p) : null })} /> : null}
        </Box>
        <Paper variant="outlined" component="aside" aria-label="Filters" sx={{ p: 2, order: { xs: 1, lg: 2 } }}>
          <Stack spacing={2}>
            <Typography variant="h6" component="h2">
              Filters
            </Typography>
            <TextField select size="small" label="Source" value={source} onChange={(e) => set({ source: e.target.value || null })}>
              <MenuItem value="">All</MenuItem>
              <MenuItem value="regular">Regular</MenuItem>
              <MenuItem value="auto">Auto-generated</MenuItem>
            </TextField>
            <FormControlLabel control={<Switch checked={unreviewed} onChange={(e) => set({ unreviewed: e.target.checked ? '1' : null })} />} label="Unreviewed only" />
            <Box>
              <Typography variant="body2" id="risk-range">
                Risk {(range ?? [minRisk, maxRisk]).join('–')}
              </Typography>
              <Slider
                value={range ?? [minRisk, maxRisk]}
                onChange={(_e, v) => setRange(v as [number, number])}
                onChangeCommitted={(_e, v) => {
                  const [lo, hi] = v as [number, number];
                  setRange(null);
                  set({ minRisk: lo > 0 ? String(lo) : null, maxRisk: hi < 100 ? String(hi) : null });
                }}
                marks={[0, 25, 50, 75, 100].map((m) => ({ value: m, label: String(m) }))}
                aria-labelledby="risk-range"
                getAriaLabel={(i) => (i === 0 ? 'Minimum risk' : 'Maximum risk')}
              />
            </Box>
            <TextField select size="small" label="Sort by" value={sortBy} onChange={(e) => set({ sort: e.target.value })}>
              <MenuItem value="risk_score">Risk</MenuItem>
              <MenuItem value="flagged_at">Date flagged</MenuItem>
              <MenuItem value="problem_count">Problem words</MenuItem>
            </TextField>
            <TextField select size="small" label="Order" value={order} onChange={(e) => set({ order: e.target.value })}>
              <MenuItem value="desc">Descending</MenuItem>
              <MenuItem value="asc">Ascending</MenuItem>
            </TextField>
            <Button onClick={() => setParams(new URLSearchParams())}>Clear filters</Button>
          </Stack>
        </Paper>
      </Box>
      <Dialog open={detail !== null} onClose={() => setDetail(null)} maxWidth="sm" fullWidth>
        <DialogTitle>Flag #{detail?.id}</DialogTitle>
        <DialogContent>
          <Typography sx={{ whiteSpace: 'pre-wrap', mb: 2 }}>{detail?.flagged_text}</Typography>
          <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap', mb: 1 }}>
            {detail?.flagged_words.map((w) => (
              <Chip key={w} size="small" color="error" label={w} />
            ))}
          </Box>
          <Typography variant="body2" color="text.secondary">
            Risk {detail?.risk_score.toFixed(1)} · {detail?.total_problem_words} of {detail?.total_words} words · flagged {formatDateTime(detail?.flagged_at)}
            {detail?.reviewed ? ` · reviewed ${formatDateTime(detail.reviewed_at)}${detail.notes ? `: ${detail.notes}` : ''}` : ''}
          </Typography>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setDetail(null)}>Close</Button>
        </DialogActions>
      </Dialog>
      <Dialog open={reviewing !== null} onClose={() => setReviewing(null)} maxWidth="sm" fullWidth>
        <DialogTitle>Mark as reviewed</DialogTitle>
        <DialogContent>
          <TextField sx={{ mt: 1 }} fullWidth multiline minRows={2} label="Review notes (optional)" value={notes} onChange={(e) => setNotes(e.target.value)} />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setReviewing(null)}>Cancel</Button>
          <Button variant="contained" disabled={review.isPending} onClick={() => reviewing && review.mutate({ id: reviewing.id, reviewedBy: userId, notes }, { onSuccess: () => setReviewing(null) })}>
            Mark as reviewed
          </Button>
        </DialogActions>
      </Dialog>
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting?.length ?? 0} flagged item(s)?`}
        confirmLabel="Delete content"
        destructive
        busy={del.isPending}
        onClose={() => setDeleting(null)}
        onConfirm={() =>
          deleting &&
          del.mutate(deleting, {
            onSuccess: () => {
              setDeleting(null);
              setSelected([]);
            },
          })
        }
      >
        This deletes the content items themselves, not only the flags.
      </ConfirmDialog>
    </Box>
  );
}
