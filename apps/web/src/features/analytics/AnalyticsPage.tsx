import RefreshIcon from '@mui/icons-material/Refresh';
import { Alert, Box, Button, Card, CardContent, Chip, Link, MenuItem, Skeleton, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@mui/material';
import { BarChart } from '@mui/x-charts/BarChart';
import { LineChart } from '@mui/x-charts/LineChart';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { ErrorBoundary } from '../../components/ErrorBoundary';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState } from '../../components/StateViews';
import { formatCount } from '../../lib/format';
import { usePopularTags } from '../../api/tags';
import { useGenerationOverview, useGenerationTrends, useRoutePriorities } from '../../api/analytics';
import { histogram, percentile } from './tag-stats';
import { dailyTicks, formatLatency, generationTimeline, markedPoints, paramsSummary, routeLabels, timeAxisRange, valueAxisMax, type Interval } from './chart-data';

function useParam(key: string, fallback: string, allowed: string[]) {
  const [params, setParams] = useSearchParams();
  const v = params.get(key) ?? fallback;
  const value = allowed.includes(v) ? v : fallback;
  const set = (next: string) => {
    const p = new URLSearchParams(params);
    if (next === fallback) p.delete(key);
    else p.set(key, next);
    setParams(p, { replace: true });
  };
  return [value, set] as const;
}

export default function AnalyticsPage() {
  const qc = useQueryClient();
  const [updated, setUpdated] = useState(() => new Date());
  return (
    <Box data-testid="analytics-page">
      <PageHeader
        title="Analytics"
        subtitle={`How the API and the generator are doing. Last updated ${updated.toLocaleTimeString()}.`}
        actions={
          <Button
            variant="outlined"
            startIcon={<RefreshIcon />}
            onClick={() => {
              void qc.invalidateQueries({ queryKey: ['analytics'] });
              void qc.invalidateQueries({ queryKey: ['tags', 'popular'] });
              setUpdated(new Date());
            }}
          >
            Refresh all
          </Button>
        }
      />
      <Stack spacing={2}>
        <ErrorBoundary label="Route analytics failed">
          <RouteCard />
        </ErrorBoundary>
        <ErrorBoundary label="Generation analytics failed">
          <GenerationCard />
        </ErrorBoundary>
        <ErrorBoundary label="Tag statistics failed">
          <TagsCard />
        </ErrorBoundary>
      </Stack>
    </Box>
  );
}

function RouteCard() {
  const [system, setSystem] = useParam('system', 'absolute', ['absolute', 'relative']);
  const [days, setDays] = useParam('routeDays', '7', ['1', '7', '14', '30', '90']);
  const [n, setN] = useParam('top', '10', ['5', '10', '20', '50']);
  const routes = useRoutePriorities({ n: Number(n), days: Number(days), system: system as 'absolute' | 'relative' });
  // The percentile ranks (0–100) the relative ranking is computed from; absent in absolute mode.
  const relative = routes.data?.system === 'relative';
  return (
    <Card variant="outlined" data-testid="analytics-routes">
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          Routes
        </Typography>
        <Stack direction="row" sx={{ gap: 1.5, flexWrap: 'wrap', mb: 2 }}>
          <TextField select size="small" label="Ranking" value={system} onChange={(e) => setSystem(e.target.value)}>
            <MenuItem value="absolute">Absolute</MenuItem>
            <MenuItem value="relative">Relative (percentiles)</MenuItem>
          </TextField>
          <TextField select size="small" label="Period" value={days} onChange={(e) => setDays(e.target.value)}>
            {['1', '7', '14', '30', '90'].map((d) => (
              <MenuItem key={d} value={d}>
                {d} days
              </MenuItem>
            ))}
          </TextField>
          <TextField select size="small" label="Show" value={n} onChange={(e) => setN(e.target.value)}>
            {['5', '10', '20', '50'].map((d) => (
              <MenuItem key={d} value={d}>
                Top {d}
              </MenuItem>
            ))}
          </TextField>
        </Stack>
        {routes.isError ? <ErrorState error={routes.error} onRetry={() => void routes.refetch()} /> : null}
        {routes.isPending ? <Skeleton variant="rounded" height={160} /> : null}
        {routes.data && routes.data.routes.length === 0 ? <Alert severity="info">No route traffic recorded in this period yet.</Alert> : null}
        {routes.data && routes.data.routes.length > 0 ? (
          <>
            <Box sx={{ width: '100%', height: Math.max(160, 60 + routes.data.routes.length * 28) }} data-testid="analytics-routes-chart">
              <BarChart
                layout="horizontal"
                yAxis={[{ scaleType: 'band', data: routeLabels(routes.data.routes), width: 220 }]}
                xAxis={[{ min: 0, max: valueAxisMax(routes.data.routes.map((r) => r.avg_p95_latency_ms)), label: 'p95 latency (ms)' }]}
                series={[{ data: routes.data.routes.map((r) => r.avg_p95_latency_ms), label: 'p95 latency', valueFormatter: (v) => formatLatency(v) }]}
                skipAnimation
              />
            </Box>
            <Box sx={{ overflowX: 'auto' }}>
              <Table size="small">
                <TableHead>
                  <TableRow>
                    <TableCell>#</TableCell>
                    <TableCell>Route</TableCell>
                    <TableCell align="right">Req/h</TableCell>
                    <TableCell align="right">p95</TableCell>
                    <TableCell align="right">Users</TableCell>
                    <TableCell align="right">Success</TableCell>
                    {relative ? (
                      <>
                        <TableCell align="right">Popularity pct.</TableCell>
                        <TableCell align="right">Latency pct.</TableCell>
                        <TableCell align="right">Users pct.</TableCell>
                      </>
                    ) : null}
                    <TableCell align="right">Score</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {routes.data.routes.map((r, i) => (
                    <TableRow key={`${r.method} ${r.route} ${i}`}>
                      <TableCell>{i + 1}</TableCell>
                      <TableCell sx={{ fontFamily: 'monospace' }}>
                        <Chip size="small" label={r.method} sx={{ mr: 1 }} />
                        {r.route}
                        {paramsSummary(r.query_params_normalized) ? (
                          <Box component="span" sx={{ color: 'text.secondary', ml: 0.5 }}>
                            {paramsSummary(r.query_params_normalized)}
                          </Box>
                        ) : null}
                      </TableCell>
                      <TableCell align="right">{r.avg_hourly_requests.toFixed(1)}</TableCell>
                      <TableCell align="right" sx={{ color: r.avg_p95_latency_ms < 100 ? 'success.main' : r.avg_p95_latency_ms < 500 ? 'warning.main' : 'error.main' }}>
                        {formatLatency(r.avg_p95_latency_ms)}
                      </TableCell>
                      <TableCell align="right">{r.avg_unique_users.toFixed(1)}</TableCell>
                      {/* The API's success_rate is a fraction (0–1). */}
                      <TableCell align="right">{(r.success_rate * 100).toFixed(1)}%</TableCell>
                      {relative ? (
                        <>
                          <TableCell align="right">{formatRank(r.popularity_percentile)}</TableCell>
                          <TableCell align="right">{formatRank(r.latency_percentile)}</TableCell>
                          <TableCell align="right">{formatRank(r.user_percentile)}</TableCell>
                        </>
                      ) : null}
                      <TableCell align="right">{(r.cache_priority_score ?? r.priority_score ?? 0).toFixed(1)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </Box>
          </>
        ) : null}
      </CardContent>
    </Card>
  );
}

const dayFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
function formatDay(d: Date): string {
  return dayFormat.format(d);
}

function formatRank(v: number | null | undefined): string {
  return typeof v === 'number' && Number.isFinite(v) ? v.toFixed(0) : '—';
}

function GenerationCard() {
  const [days, setDays] = useParam('genDays', '7', ['1', '7', '30', '90']);
  const overview = useGenerationOverview(Number(days));
  const trends = useGenerationTrends(Number(days));
  const o = overview.data;
  const interval: Interval = trends.data?.interval === 'daily' ? 'daily' : 'hourly';
  const hasPoints = (trends.data?.data_points.length ?? 0) > 0;
  const rows = useMemo(() => (trends.data ? generationTimeline(trends.data.data_points, interval, Number(days)) : []), [trends.data, interval, days]);
  const dates = rows.map((r) => r.at);
  // UTC like the API's buckets; a daily axis ticks on the days themselves.
  const xAxis = [
    interval === 'daily'
      ? { scaleType: 'utc' as const, data: dates, ...timeAxisRange(dates, interval), tickInterval: dailyTicks(dates), valueFormatter: (d: Date) => formatDay(d) }
      : { scaleType: 'utc' as const, data: dates, ...timeAxisRange(dates, interval) },
  ];
  const countSeries = (key: 'completed' | 'failed' | 'cancelled', label: string) => {
    const data = rows.map((r) => r[key]);
    const marked = markedPoints(data);
    return { data, label, curve: 'linear' as const, showMark: ({ index }: { index: number }) => marked[index] === true };
  };
  const durationSeries = (key: 'p50' | 'p95' | 'p99', label: string) => {
    const data = rows.map((r) => r[key]);
    const marked = markedPoints(data);
    return { data, label, curve: 'linear' as const, showMark: ({ index }: { index: number }) => marked[index] === true, valueFormatter: (v: number | null) => formatLatency(v) };
  };
  const metrics: [string, string][] = o
    ? [
        ['Generations', formatCount(o.total_requests)],
        ['Success rate', `${o.success_rate_pct.toFixed(1)}%`],
        ['Average duration', formatLatency(o.avg_duration_ms)],
        ['p50 / p95 / p99 duration', `${formatLatency(o.p50_duration_ms)} / ${formatLatency(o.p95_duration_ms)} / ${formatLatency(o.p99_duration_ms)}`],
        ['Completed / failed / cancelled', `${o.successful_generations} / ${o.failed_generations} / ${o.cancelled_generations}`],
        ['Images', formatCount(o.total_images_generated)],
      ]
    : [];
  return (
    <Card variant="outlined" data-testid="analytics-generation">
      <CardContent>
        <Stack direction="row" sx={{ alignItems: 'center', mb: 2 }}>
          <Typography variant="h6" component="h2" sx={{ flex: 1 }}>
            Generation
          </Typography>
          <TextField select size="small" label="Period" value={days} onChange={(e) => setDays(e.target.value)}>
            {['1', '7', '30', '90'].map((d) => (
              <MenuItem key={d} value={d}>
                {d} days
              </MenuItem>
            ))}
          </TextField>
        </Stack>
        {overview.isError ? <ErrorState error={overview.error} onRetry={() => void overview.refetch()} /> : null}
        <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr 1fr', md: 'repeat(3, 1fr)' }, gap: 1.5, mb: 2 }}>
          {metrics.map(([k, v]) => (
            <Box key={k} sx={{ p: 1.5, border: 1, borderColor: 'divider', borderRadius: 1 }}>
              <Typography variant="caption" color="text.secondary">
                {k}
              </Typography>
              <Typography variant="h6" component="p">
                {v}
              </Typography>
            </Box>
          ))}
        </Box>
        {trends.isError ? <ErrorState error={trends.error} onRetry={() => void trends.refetch()} /> : null}
        {hasPoints ? (
          <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', lg: '1fr 1fr' }, gap: 2 }}>
            <Box data-testid="analytics-generation-counts">
              <Typography variant="subtitle2" component="h3">
                Outcomes per {interval === 'daily' ? 'day' : 'hour'}
              </Typography>
              <LineChart
                height={260}
                xAxis={xAxis}
                yAxis={[{ min: 0, max: valueAxisMax(rows.flatMap((r) => [r.completed, r.failed, r.cancelled])), tickMinStep: 1 }]}
                series={[countSeries('completed', 'Completed'), countSeries('failed', 'Failed'), countSeries('cancelled', 'Cancelled')]}
                skipAnimation
              />
            </Box>
            <Box data-testid="analytics-generation-durations">
              <Typography variant="subtitle2" component="h3">
                Duration percentiles (finished generations)
              </Typography>
              <LineChart
                height={260}
                xAxis={xAxis}
                yAxis={[{ min: 0, max: valueAxisMax(rows.flatMap((r) => [r.p50, r.p95, r.p99])), valueFormatter: (v: number) => formatLatency(v), width: 64 }]}
                series={[durationSeries('p50', 'p50'), durationSeries('p95', 'p95'), durationSeries('p99', 'p99')]}
                skipAnimation
              />
            </Box>
          </Box>
        ) : trends.isSuccess ? (
          <Alert severity="info">No generations in this period.</Alert>
        ) : null}
      </CardContent>
    </Card>
  );
}

function TagsCard() {
  const [source, setSource] = useParam('tagSource', 'regular', ['regular', 'auto']);
  const [limit, setLimit] = useParam('tagLimit', '100', ['10', '50', '100', '1000']);
  const [log, setLog] = useParam('log', '1', ['0', '1']);
  const tags = usePopularTags(Number(limit), source);
  const values = useMemo(() => (tags.data ?? []).map((t) => t.cardinality), [tags.data]);
  const buckets = useMemo(() => histogram(values), [values]);
  const sum = values.reduce((a, b) => a + b, 0);
  const stats: [string, string][] = [
    ['Tags shown', formatCount(values.length)],
    ['Median', formatCount(percentile(values, 50))],
    ['90th percentile', formatCount(percentile(values, 90))],
    ['Most items', tags.data?.[0] ? `${tags.data[0].name} (${formatCount(tags.data[0].cardinality)})` : '—'],
  ];
  return (
    <Card variant="outlined" data-testid="analytics-tags">
      <CardContent>
        <Stack direction="row" sx={{ alignItems: 'center', mb: 2, gap: 1.5, flexWrap: 'wrap' }}>
          <Typography variant="h6" component="h2" sx={{ flex: 1 }}>
            Tags by number of items
          </Typography>
          <TextField select size="small" label="Content" value={source} onChange={(e) => setSource(e.target.value)}>
            <MenuItem value="regular">Regular</MenuItem>
            <MenuItem value="auto">Auto-generated</MenuItem>
          </TextField>
          <TextField select size="small" label="Show" value={limit} onChange={(e) => setLimit(e.target.value)}>
            {['10', '50', '100', '1000'].map((d) => (
              <MenuItem key={d} value={d}>
                Top {d}
              </MenuItem>
            ))}
          </TextField>
          <TextField select size="small" label="Scale" value={log} onChange={(e) => setLog(e.target.value)}>
            <MenuItem value="1">Log</MenuItem>
            <MenuItem value="0">Linear</MenuItem>
          </TextField>
        </Stack>
        {tags.isError ? <ErrorState error={tags.error} onRetry={() => void tags.refetch()} /> : null}
        <Stack direction="row" sx={{ gap: 1, flexWrap: 'wrap', mb: 2 }}>
          {stats.map(([k, v]) => (
            <Chip key={k} label={`${k}: ${v}`} variant="outlined" />
          ))}
        </Stack>
        {buckets.length > 0 ? (
          <Box sx={{ width: '100%', height: 260 }}>
            <BarChart
              xAxis={[{ scaleType: 'band', data: buckets.map((b) => b.label), label: 'Items per tag' }]}
              yAxis={[{ scaleType: log === '1' ? 'symlog' : 'linear', label: 'Tags', tickMinStep: 1 }]}
              series={[{ data: buckets.map((b) => b.count), label: 'Tags' }]}
              skipAnimation
            />
          </Box>
        ) : null}
        <Box sx={{ maxHeight: 360, overflow: 'auto' }}>
          <Table size="small" stickyHeader>
            <TableHead>
              <TableRow>
                <TableCell>#</TableCell>
                <TableCell>Tag</TableCell>
                <TableCell align="right">Items</TableCell>
                <TableCell align="right">Share of shown</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {(tags.data ?? []).map((t, i) => (
                <TableRow key={t.id}>
                  <TableCell>{i + 1}</TableCell>
                  <TableCell>
                    <Link component={RouterLink} to={`/tags/${t.id}`}>
                      {t.name}
                    </Link>
                  </TableCell>
                  <TableCell align="right">{formatCount(t.cardinality)}</TableCell>
                  <TableCell align="right">{sum ? `${((t.cardinality / sum) * 100).toFixed(2)}%` : '—'}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      </CardContent>
    </Card>
  );
}
