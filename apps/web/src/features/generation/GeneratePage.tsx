import { Box, Tab, Tabs } from '@mui/material';
import { Link as RouterLink, useLocation } from 'react-router';
import { ErrorBoundary } from '../../components/ErrorBoundary';
import { PageHeader } from '../../components/PageHeader';
import { useStoredState } from '../../lib/use-stored-state';
import { GenerationFormCard } from './components/GenerationFormCard';
import { GenerationHistory } from './components/GenerationHistory';
import { JobStatusPanel } from './components/JobStatusPanel';

export default function GeneratePage() {
  const { pathname } = useLocation();
  const tab = pathname.startsWith('/generate/history') ? 'history' : 'create';
  const [activeJob, setActiveJob] = useStoredState<number | null>('generation:active-job', null, (v): v is number | null => v === null || typeof v === 'number');

  return (
    <Box data-testid="generate-page">
      <PageHeader title="Image Generation" documentTitle={tab === 'history' ? 'Generation history' : 'Generate'} />
      <Tabs value={tab} sx={{ mb: 2 }} aria-label="Generation">
        <Tab label="Create" value="create" component={RouterLink} to="/generate" data-testid="generate-tab-create" />
        <Tab label="History" value="history" component={RouterLink} to="/generate/history" data-testid="generate-tab-history" />
      </Tabs>
      {tab === 'create' ? (
        <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: '7fr 5fr', lg: '8fr 4fr' }, gap: 2, alignItems: 'start' }}>
          <ErrorBoundary label="The form failed">
            <GenerationFormCard onSubmitted={(job) => setActiveJob(job.id)} />
          </ErrorBoundary>
          <Box sx={{ position: { md: 'sticky' }, top: { md: 80 } }}>
            <ErrorBoundary label="The status panel failed">
              <JobStatusPanel jobId={activeJob} onClear={() => setActiveJob(null)} onRetried={setActiveJob} />
            </ErrorBoundary>
          </Box>
        </Box>
      ) : (
        <GenerationHistory />
      )}
    </Box>
  );
}
