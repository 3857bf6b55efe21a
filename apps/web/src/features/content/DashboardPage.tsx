import GridViewIcon from '@mui/icons-material/GridView';
import ViewListIcon from '@mui/icons-material/ViewList';
import { Box, Card, CardContent, Skeleton, Stack, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material';
import { Link as RouterLink } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState } from '../../components/StateViews';
import { ThumbSizeSelect } from '../../components/ThumbSizeSelect';
import { useUserId } from '../../lib/current-user';
import { formatCount } from '../../lib/format';
import { isThumbSize, THUMB_SIZES, type ThumbSize } from '../../lib/thumb-sizes';
import { useStoredState } from '../../lib/use-stored-state';
import { useViewSequence } from '../../lib/view-sequence';
import { useCurrentProfile } from '../../api/users';
import { useUnifiedList, useUnifiedStats, type UnifiedStats } from '../../api/content';
import { ContentRow, ContentTile } from '../../components/ContentTile';

const SECTIONS: { key: keyof UnifiedStats; title: string; recent: string; source: string; galleryOff: string }[] = [
  { key: 'user_regular_count', title: 'Your gens', recent: 'Your recent gens', source: 'user-regular', galleryOff: 'your-ag,comm-g,comm-ag' },
  { key: 'user_auto_count', title: 'Your auto-gens', recent: 'Your recent auto-gens', source: 'user-auto', galleryOff: 'your-g,comm-g,comm-ag' },
  { key: 'community_regular_count', title: 'Community gens', recent: 'Community recent gens', source: 'community-regular', galleryOff: 'your-g,your-ag,comm-ag' },
  { key: 'community_auto_count', title: 'Community auto-gens', recent: 'Community recent auto-gens', source: 'community-auto', galleryOff: 'your-g,your-ag,comm-g' },
];

export default function DashboardPage() {
  const userId = useUserId();
  const profile = useCurrentProfile();
  const stats = useUnifiedStats(userId);
  const [view, setView] = useStoredState<'grid' | 'list'>('dashboard-view-mode', 'grid', (v): v is 'grid' | 'list' => v === 'grid' || v === 'list');
  const [size, setSize] = useStoredState<ThumbSize>('dashboard-thumb-size', 's', isThumbSize);
  const name = profile.data?.username;

  return (
    <Box data-testid="dashboard-page">
      <PageHeader
        title={name ? `Welcome back, ${name}` : 'Welcome back'}
        documentTitle="Dashboard"
        actions={
          <>
            <ToggleButtonGroup exclusive size="small" value={view} onChange={(_e, v: 'grid' | 'list' | null) => v && setView(v)} aria-label="View">
              <ToggleButton value="grid" aria-label="Grid view" data-testid="dashboard-view-grid">
                <GridViewIcon fontSize="small" />
              </ToggleButton>
              <ToggleButton value="list" aria-label="List view" data-testid="dashboard-view-list">
                <ViewListIcon fontSize="small" />
              </ToggleButton>
            </ToggleButtonGroup>
            {view === 'grid' ? <ThumbSizeSelect value={size} onChange={setSize} testId="dashboard-thumb-size" /> : null}
          </>
        }
      />
      {stats.isError ? <ErrorState error={stats.error} onRetry={() => void stats.refetch()} /> : null}
      <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr', lg: 'repeat(4, 1fr)' }, gap: 2, mb: 3 }}>
        {SECTIONS.map((s) => (
          <Card key={s.key} variant="outlined" component={RouterLink} to={`/gallery?notGenSource=${s.galleryOff}`} sx={{ textDecoration: 'none' }} data-testid={`dashboard-stat-${s.key}`}>
            <CardContent>
              <Typography color="text.secondary" variant="body2">
                {s.title}
              </Typography>
              <Typography variant="h4" component="p" data-testid={`dashboard-stat-${s.key}-value`}>
                {stats.isPending ? <Skeleton width={80} /> : formatCount(stats.data?.[s.key])}
              </Typography>
            </CardContent>
          </Card>
        ))}
      </Box>
      <Stack spacing={3}>
        {SECTIONS.map((s) => (
          <RecentSection key={s.key} title={s.recent} source={s.source} userId={userId} view={view} size={size} />
        ))}
      </Stack>
    </Box>
  );
}

function RecentSection({ title, source, userId, view, size }: { title: string; source: string; userId: string; view: 'grid' | 'list'; size: ThumbSize }) {
  const list = useUnifiedList({ user_id: userId, content_source_types: [source], page: 1, page_size: 5, sort_field: 'created_at', sort_order: 'desc' });
  const items = list.data?.items ?? [];
  // Each section is its own list for the image view's previous/next.
  const linkState = useViewSequence(`dashboard:${source}`, items.map((i) => i.id), 'dashboard', '/dashboard');
  const width = THUMB_SIZES[size].width;
  return (
    <Box component="section" aria-labelledby={`recent-${source}`} data-testid={`dashboard-recent-${source}`}>
      <Typography variant="h6" component="h2" id={`recent-${source}`} gutterBottom>
        {title}
      </Typography>
      {list.isError ? <ErrorState error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.isPending ? (
        <Skeleton variant="rounded" height={view === 'grid' ? 200 : 120} />
      ) : items.length === 0 && !list.isError ? (
        <Typography color="text.secondary">Nothing here yet.</Typography>
      ) : view === 'grid' ? (
        // Tiles keep their own height (their picture's shape): aligned to the top, never stretched to the tallest in the row.
        <Box sx={{ display: 'grid', gridTemplateColumns: `repeat(auto-fill, minmax(${width}px, 1fr))`, gap: 1.5, alignItems: 'start' }}>
          {items.map((i) => (
            <ContentTile key={i.id} item={i} size={size} to={`/view/${i.id}`} linkState={linkState} />
          ))}
        </Box>
      ) : (
        <Stack spacing={1}>
          {items.map((i) => (
            <Box key={i.id} sx={{ height: 104 }}>
              <ContentRow item={i} to={`/view/${i.id}`} linkState={linkState} />
            </Box>
          ))}
        </Stack>
      )}
    </Box>
  );
}
