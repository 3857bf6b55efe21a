import RefreshIcon from '@mui/icons-material/Refresh';
import UnfoldLessIcon from '@mui/icons-material/UnfoldLess';
import UnfoldMoreIcon from '@mui/icons-material/UnfoldMore';
import { Alert, Box, Button, Card, CardContent, Chip, IconButton, Link, List, ListItemButton, ListItemText, Skeleton, Stack, TextField, Tooltip, Typography } from '@mui/material';
import { useDeferredValue, useMemo, useState } from 'react';
import { Link as RouterLink, useNavigate, useSearchParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState } from '../../components/StateViews';
import { formatCount, formatDateTime } from '../../lib/format';
import { readStored, writeStored } from '../../lib/storage';
import { useRefreshHierarchy, useTagHierarchy } from '../../api/tags';
import { TagTree } from './components/TagTree';
import { indexTags, searchTags, tagPath } from '../../lib/tag-tree';

export default function TagsPage() {
  const hierarchy = useTagHierarchy();
  const refresh = useRefreshHierarchy();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const nodes = useMemo(() => (hierarchy.data?.nodes ?? []).map((n) => ({ id: n.id, name: n.name, parent: n.parent ?? null })), [hierarchy.data]);
  const index = useMemo(() => indexTags(nodes), [nodes]);
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set(readStored<string[]>('tagHierarchy:expandedIds', [])));
  // The selection lives in the URL (?selected=name,name) so it is visible, shareable and not a hidden stored state.
  const selectedNames = (params.get('selected') ?? '').split(',').filter(Boolean);
  const selected = new Set(selectedNames.map((n) => index.byName.get(n.toLowerCase())?.id).filter((x): x is string => Boolean(x)));
  const query = params.get('q') ?? '';
  const deferred = useDeferredValue(query);
  const results = useMemo(() => searchTags(nodes, deferred), [nodes, deferred]);

  const setExp = (next: Set<string>) => {
    setExpanded(next);
    writeStored('tagHierarchy:expandedIds', [...next]);
  };
  const setParam = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: k === 'q' });
  };
  const toggleSelect = (id: string) => {
    const tag = index.byId.get(id);
    if (!tag) return;
    const names = selected.has(id) ? selectedNames.filter((n) => n.toLowerCase() !== tag.name.toLowerCase()) : [...selectedNames, tag.name];
    setParam('selected', names.join(','));
  };
  const applyToGallery = () => navigate(`/gallery?tags=${encodeURIComponent(selectedNames.join(','))}`);
  const meta = hierarchy.data?.metadata;

  return (
    <Box data-testid="tags-page">
      <PageHeader
        title="Tag Hierarchy"
        subtitle="Browse tags by category. Tick tags, then show the gallery items that have them."
        actions={
          <>
            <Tooltip title="Expand all">
              <IconButton aria-label="Expand all" onClick={() => setExp(new Set(nodes.filter((n) => index.children.has(n.id)).map((n) => n.id)))}>
                <UnfoldMoreIcon />
              </IconButton>
            </Tooltip>
            <Tooltip title="Collapse all">
              <IconButton aria-label="Collapse all" onClick={() => setExp(new Set())}>
                <UnfoldLessIcon />
              </IconButton>
            </Tooltip>
            <Tooltip title="Refresh hierarchy">
              <IconButton aria-label="Refresh hierarchy" onClick={() => refresh.mutate()} disabled={refresh.isPending}>
                <RefreshIcon />
              </IconButton>
            </Tooltip>
          </>
        }
      />
      {meta ? (
        <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 1, mb: 2 }} data-testid="tags-stats">
          <Chip label={`${formatCount(meta.totalNodes)} tags`} />
          <Chip label={`${formatCount(meta.rootCategories)} root categories`} />
          <Chip label={`${formatCount(meta.totalRelationships)} relationships`} />
          <Chip variant="outlined" label={`Updated ${formatDateTime(meta.lastUpdated)}`} />
        </Stack>
      ) : null}
      {hierarchy.isError ? <ErrorState error={hierarchy.error} onRetry={() => void hierarchy.refetch()} /> : null}
      <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', lg: 'minmax(0, 3fr) minmax(280px, 1fr)' }, gap: 2, alignItems: 'start' }}>
        <Card variant="outlined">
          <CardContent>
            <TextField
              fullWidth
              size="small"
              label="Search tags"
              placeholder='Words, or "exact text"'
              value={query}
              onChange={(e) => setParam('q', e.target.value)}
              sx={{ mb: 2 }}
              slotProps={{ htmlInput: { 'data-testid': 'tags-search' } }}
            />
            {hierarchy.isPending ? <Skeleton variant="rounded" height={300} /> : null}
            {deferred.trim() ? (
              <Box>
                <Typography variant="caption" color="text.secondary">
                  {results.length} results
                </Typography>
                <List dense data-testid="tags-search-results">
                  {results.slice(0, 200).map((t) => (
                    <ListItemButton key={t.id} selected={selected.has(t.id)} onClick={() => toggleSelect(t.id)} data-testid="tags-search-result">
                      <ListItemText primary={t.name} secondary={tagPath(index, t.id).slice(0, -1).join(' › ') || 'Root'} />
                      <Link component={RouterLink} to={`/tags/${t.id}`} onClick={(e) => e.stopPropagation()} variant="body2">
                        Open
                      </Link>
                    </ListItemButton>
                  ))}
                </List>
              </Box>
            ) : nodes.length === 0 && hierarchy.isSuccess ? (
              <Alert severity="info">No tags yet.</Alert>
            ) : (
              <Box sx={{ maxHeight: '65vh', overflow: 'auto' }}>
                <TagTree
                  index={index}
                  expanded={expanded}
                  onToggleExpand={(id) => {
                    const next = new Set(expanded);
                    if (next.has(id)) next.delete(id);
                    else next.add(id);
                    setExp(next);
                  }}
                  selected={selected}
                  onToggleSelect={(t) => toggleSelect(t.id)}
                  onOpen={(t) => navigate(`/tags/${t.id}`)}
                />
              </Box>
            )}
          </CardContent>
        </Card>
        <Card variant="outlined" sx={{ position: { lg: 'sticky' }, top: { lg: 80 } }} data-testid="tags-selection">
          <CardContent>
            <Typography variant="h6" component="h2" gutterBottom>
              Selection
            </Typography>
            {selectedNames.length === 0 ? (
              <Typography color="text.secondary" variant="body2">
                Tick tags in the tree (Space on the keyboard). Enter or “Open” shows a tag’s page.
              </Typography>
            ) : (
              <>
                <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5, mb: 2 }}>
                  {selectedNames.map((n) => (
                    <Chip key={n} label={n} color="primary" size="small" onDelete={() => setParam('selected', selectedNames.filter((x) => x !== n).join(','))} />
                  ))}
                </Box>
                <Stack direction="row" spacing={1}>
                  <Button variant="contained" onClick={applyToGallery} data-testid="tags-apply">
                    Show in gallery
                  </Button>
                  <Button onClick={() => setParam('selected', '')}>Clear</Button>
                </Stack>
              </>
            )}
          </CardContent>
        </Card>
      </Box>
    </Box>
  );
}
