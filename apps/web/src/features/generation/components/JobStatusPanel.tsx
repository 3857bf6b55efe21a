import { Alert, Box, Button, Card, CardContent, Chip, LinearProgress, Stack, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { Link as RouterLink } from 'react-router';
import { ContentImage } from '../../../components/ContentImage';
import { imagePathUrl } from '../../../lib/api-client';
import { formatDateTime, formatDuration, parseApiDate } from '../../../lib/format';
import { ACTIVE_STATUSES, useCancelJob, useJob, useRetryJob } from '../../../api/generation';
import { useJobProgress } from '../use-job-progress';

const STATUS_COLOR: Record<string, 'default' | 'info' | 'success' | 'error' | 'warning'> = {
  pending: 'default',
  running: 'info',
  processing: 'info',
  started: 'info',
  completed: 'success',
  failed: 'error',
  cancelled: 'warning',
};

export function JobStatusPanel({ jobId, onClear, onRetried }: { jobId: number | null; onClear: () => void; onRetried: (id: number) => void }) {
  const { event, connected } = useJobProgress(jobId);
  const job = useJob(jobId, !connected);
  const cancel = useCancelJob();
  const retry = useRetryJob();
  const [now, setNow] = useState(Date.now());

  const dbStatus = job.data?.status;
  // The row is the truth once terminal; otherwise the live event is fresher.
  const status = dbStatus && !ACTIVE_STATUSES.has(dbStatus) ? dbStatus : (event?.status ?? dbStatus ?? 'pending');
  const active = ACTIVE_STATUSES.has(status);
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [active]);

  if (jobId === null) {
    return (
      <Card variant="outlined" data-testid="generation-status">
        <CardContent>
          <Typography variant="h6" component="h2">
            Status
          </Typography>
          <Typography color="text.secondary">Progress will show here once a generation starts.</Typography>
        </CardContent>
      </Card>
    );
  }

  const progress = status === 'completed' ? 100 : typeof event?.progress === 'number' ? event.progress : null;
  const started = parseApiDate(job.data?.started_at ?? job.data?.created_at);
  const elapsed = started ? now - started.getTime() : null;
  const outputs = (job.data?.params?.output_paths as string[] | undefined) ?? event?.output_paths ?? [];
  const contentId = job.data?.content_id ?? event?.content_id ?? null;

  return (
    <Card variant="outlined" data-testid="generation-status" data-status={status}>
      <CardContent>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1 }}>
          <Typography variant="h6" component="h2" sx={{ flex: 1 }}>
            Job #{jobId}
          </Typography>
          <Chip size="small" variant="outlined" color={STATUS_COLOR[status] ?? 'default'} label={status} data-testid="generation-status-chip" />
        </Stack>
        {active ? (
          <Box sx={{ mb: 1 }}>
            <LinearProgress
              variant={progress === null ? 'indeterminate' : 'determinate'}
              value={progress ?? 0}
              aria-label="Generation progress"
              data-testid="generation-progress"
              data-progress={progress ?? ''}
            />
            <Stack direction="row" sx={{ justifyContent: 'space-between', mt: 0.5 }}>
              <Typography variant="caption" color="text.secondary">
                {status === 'pending' ? 'Waiting in the queue' : progress !== null ? `${Math.round(progress)}%` : 'Starting'}
                {event?.message ? ` · ${event.message}` : ''}
              </Typography>
              <Typography variant="caption" color="text.secondary">
                {formatDuration(elapsed)}
              </Typography>
            </Stack>
            {!connected ? (
              <Typography variant="caption" color="warning.main">
                Live updates unavailable; checking every few seconds.
              </Typography>
            ) : null}
            <Button sx={{ mt: 1 }} variant="outlined" color="secondary" disabled={cancel.isPending} onClick={() => cancel.mutate(jobId)} data-testid="generation-cancel">
              {cancel.isPending ? 'Cancelling…' : 'Cancel'}
            </Button>
          </Box>
        ) : null}
        {status === 'failed' ? (
          <Alert severity="error" sx={{ mb: 1 }} data-testid="generation-failure">
            {job.data?.error_message ?? event?.error ?? 'The generation failed.'}
          </Alert>
        ) : null}
        {status === 'completed' && contentId !== null ? (
          <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(120px, 1fr))', gap: 1, mb: 1 }} data-testid="generation-results">
            {(outputs.length ? outputs : [null]).map((p, i) => (
              <Box key={p ?? i} component={RouterLink} to={`/view/${contentId}`} state={{ from: 'generation', fallbackPath: '/generate' }} sx={{ aspectRatio: '2 / 3', bgcolor: 'action.hover', borderRadius: 1, overflow: 'hidden' }} aria-label={`Open result ${i + 1}`}>
                <ContentImage contentId={contentId} alt={`Result ${i + 1}`} src={p && i > 0 ? imagePathUrl(p, 'medium') : undefined} thumbnail="medium" fit="cover" />
              </Box>
            ))}
          </Box>
        ) : null}
        {job.data ? (
          <Box sx={{ fontSize: 14, color: 'text.secondary' }}>
            <Typography variant="body2" sx={{ wordBreak: 'break-word' }}>
              {job.data.prompt}
            </Typography>
            <Typography variant="caption" component="p">
              {job.data.checkpoint_model ?? ''} · {job.data.width}×{job.data.height} · batch {job.data.batch_size} · created {formatDateTime(job.data.created_at)}
            </Typography>
          </Box>
        ) : null}
        {!active ? (
          <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
            {status === 'failed' || status === 'cancelled' ? (
              <Button variant="contained" disabled={retry.isPending} onClick={() => retry.mutate(jobId, { onSuccess: (j) => onRetried(j.id) })} data-testid="generation-retry">
                Retry
              </Button>
            ) : null}
            <Button onClick={onClear}>Clear</Button>
          </Stack>
        ) : null}
      </CardContent>
    </Card>
  );
}
