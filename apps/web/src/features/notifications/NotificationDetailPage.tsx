import { Alert, Box, Button, Card, CardContent, Chip, Skeleton, Stack, Typography } from '@mui/material';
import { useEffect, useRef } from 'react';
import { Link as RouterLink, useParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { formatDateTime } from '../../lib/format';
import { NOTIFICATION_TYPE_LABELS, useNotification, useSetRead, type NotificationType } from '../../api/notifications';

export default function NotificationDetailPage() {
  const { id: raw } = useParams();
  const id = raw && /^\d+$/.test(raw) ? Number(raw) : null;
  const n = useNotification(id);
  const setRead = useSetRead();
  const marked = useRef(false);
  useEffect(() => {
    if (n.data && !n.data.read_status && !marked.current) {
      marked.current = true;
      setRead.mutate({ id: n.data.id, read: true });
    }
  }, [n.data, setRead]);

  if (id === null || n.isError) return <Alert severity="error">Notification not found.</Alert>;
  if (!n.data) return <Skeleton variant="rounded" height={200} />;
  const d = n.data;
  return (
    <Box data-testid="notification-detail-page">
      <PageHeader
        title={d.title}
        actions={
          <>
            <Button variant="outlined" disabled={!d.read_status || setRead.isPending} onClick={() => setRead.mutate({ id: d.id, read: false })}>
              Mark as unread
            </Button>
            <Button component={RouterLink} to="/notifications">
              All notifications
            </Button>
          </>
        }
      />
      <Card variant="outlined">
        <CardContent>
          <Stack direction="row" spacing={1} sx={{ mb: 2 }}>
            <Chip label={NOTIFICATION_TYPE_LABELS[d.notification_type as NotificationType] ?? d.notification_type} />
            <Chip variant="outlined" label={d.read_status ? 'Read' : 'Unread'} />
          </Stack>
          <Typography sx={{ whiteSpace: 'pre-wrap', mb: 2 }}>{d.message}</Typography>
          <Typography variant="body2" color="text.secondary">
            Created: {formatDateTime(d.created_at)}
            {d.read_at ? ` · Read: ${formatDateTime(d.read_at)}` : ''}
          </Typography>
          {d.related_content_id !== null ? (
            <Button sx={{ mt: 2 }} variant="contained" component={RouterLink} to={`/view/${d.related_content_id}`}>
              View the image
            </Button>
          ) : d.related_job_id !== null ? (
            <Button sx={{ mt: 2 }} variant="contained" component={RouterLink} to="/generate/history">
              View generation history
            </Button>
          ) : null}
        </CardContent>
      </Card>
    </Box>
  );
}
