import CheckIcon from '@mui/icons-material/Check';
import CloseIcon from '@mui/icons-material/Close';
import HelpOutlineIcon from '@mui/icons-material/HelpOutlineOutlined';
import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  LinearProgress,
  Stack,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TableSortLabel,
  TextField,
  Typography,
} from '@mui/material';
import { useId, useMemo, useState } from 'react';
import { useAllLoras, type LoraModel } from '../../../api/generation';

type SortKey = 'rating' | 'name' | 'family';

function Flag({ value, label }: { value: boolean | null | undefined; label: string }) {
  if (value === true) return <CheckIcon color="success" fontSize="small" aria-label={`${label}: yes`} />;
  if (value === false) return <CloseIcon color="error" fontSize="small" aria-label={`${label}: no`} />;
  return <HelpOutlineIcon color="disabled" fontSize="small" aria-label={`${label}: unknown`} />;
}

export function loraLabel(l: Pick<LoraModel, 'name' | 'filename' | 'path'>): string {
  return l.name || (l.filename ?? l.path).replace(/\.[^.]+$/, '');
}

interface Props {
  open: boolean;
  checkpointId: string | undefined;
  selected: string[];
  onToggle: (lora: LoraModel) => void;
  onClose: () => void;
}

/** Every LoRA in the registry: search, filters and sorting run over all of them, not one page. */
export function LoraDialog({ open, checkpointId, selected, onToggle, onClose }: Props) {
  const titleId = useId();
  const loras = useAllLoras(checkpointId);
  const [search, setSearch] = useState('');
  const [onlyCompatible, setOnlyCompatible] = useState(false);
  const [onlyOptimal, setOnlyOptimal] = useState(false);
  const [sort, setSort] = useState<{ key: SortKey; dir: 'asc' | 'desc' }>({ key: 'rating', dir: 'desc' });

  const rows = useMemo(() => {
    const q = search.trim().toLowerCase();
    const list = (loras.data ?? []).filter((l) => {
      if (onlyCompatible && l.is_compatible !== true) return false;
      if (onlyOptimal && l.is_optimal !== true) return false;
      if (!q) return true;
      return [loraLabel(l), l.description ?? '', l.family ?? '', ...(l.tags ?? []), ...(l.trigger_words ?? [])].some((s) => s.toLowerCase().includes(q));
    });
    const dir = sort.dir === 'asc' ? 1 : -1;
    return list.sort((a, b) => {
      if (sort.key === 'rating') return ((a.rating ?? -1) - (b.rating ?? -1)) * dir;
      const av = sort.key === 'name' ? loraLabel(a) : (a.family ?? '');
      const bv = sort.key === 'name' ? loraLabel(b) : (b.family ?? '');
      return av.localeCompare(bv) * dir;
    });
  }, [loras.data, search, onlyCompatible, onlyOptimal, sort]);

  const header = (key: SortKey, label: string) => (
    <TableSortLabel active={sort.key === key} direction={sort.key === key ? sort.dir : 'asc'} onClick={() => setSort({ key, dir: sort.key === key && sort.dir === 'asc' ? 'desc' : 'asc' })}>
      {label}
    </TableSortLabel>
  );

  return (
    <Dialog open={open} onClose={onClose} aria-labelledby={titleId} maxWidth="lg" fullWidth data-testid="lora-dialog">
      <DialogTitle id={titleId}>Choose LoRA models</DialogTitle>
      <DialogContent>
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ my: 1, alignItems: { md: 'center' } }}>
          <TextField size="small" label="Search all LoRAs" value={search} onChange={(e) => setSearch(e.target.value)} sx={{ minWidth: 260 }} slotProps={{ htmlInput: { 'data-testid': 'lora-search' } }} />
          <FormControlLabel control={<Switch checked={onlyCompatible} onChange={(e) => setOnlyCompatible(e.target.checked)} />} label="Only compatible with the checkpoint" />
          <FormControlLabel control={<Switch checked={onlyOptimal} onChange={(e) => setOnlyOptimal(e.target.checked)} />} label="Only optimal for it" />
        </Stack>
        {loras.isFetching ? <LinearProgress /> : null}
        <Typography variant="caption" color="text.secondary">
          {rows.length} of {loras.data?.length ?? 0} LoRAs
        </Typography>
        <Table size="small" stickyHeader>
          <TableHead>
            <TableRow>
              <TableCell padding="checkbox" />
              <TableCell>{header('rating', 'Rating')}</TableCell>
              <TableCell>{header('name', 'Name')}</TableCell>
              <TableCell sx={{ display: { xs: 'none', md: 'table-cell' } }}>Description</TableCell>
              <TableCell>{header('family', 'Family')}</TableCell>
              <TableCell>Compatible</TableCell>
              <TableCell>Optimal</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((l) => {
              const isSel = selected.includes(l.path);
              return (
                <TableRow key={l.id} hover selected={isSel} onClick={() => onToggle(l)} sx={{ cursor: 'pointer' }} data-testid="lora-row">
                  <TableCell padding="checkbox">
                    <Checkbox checked={isSel} slotProps={{ input: { 'aria-label': `Select ${loraLabel(l)}` } }} />
                  </TableCell>
                  <TableCell>{typeof l.rating === 'number' ? l.rating.toFixed(2) : '—'}</TableCell>
                  <TableCell>{loraLabel(l)}</TableCell>
                  <TableCell sx={{ display: { xs: 'none', md: 'table-cell' }, maxWidth: 320 }}>
                    <Typography variant="body2" noWrap title={l.description ?? ''}>
                      {l.description}
                    </Typography>
                  </TableCell>
                  <TableCell>{l.family ?? '—'}</TableCell>
                  <TableCell>
                    <Flag value={l.is_compatible} label="Compatible" />
                  </TableCell>
                  <TableCell>
                    <Flag value={l.is_optimal} label="Optimal" />
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} variant="contained">
          Done ({selected.length} selected)
        </Button>
      </DialogActions>
    </Dialog>
  );
}
