import DeleteIcon from '@mui/icons-material/Delete';
import { Box, Button, Card, Checkbox, Chip, IconButton, List, ListItem, ListItemButton, ListItemText, ListItemIcon, MenuItem, Pagination, Select, Skeleton, Stack, Tooltip, Typography, FormControlLabel, Switch } from '@mui/material';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState } from '../../components/StateViews';
import { formatDateTime, formatRelative } from '../../lib/format';
import { NOTIFICATION_TYPE_LABELS, NOTIFICATION_TYPES, useDeleteNotification, useMarkAllRead, useNotifications, useSetRead, type NotificationType } from '../../api/notifications';

const PAGE_SIZE = 25;

export default function NotificationsPage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const types = (params.get('types') ?? '').split(',').filter((t): t is NotificationType => (NOTIFICATION_TYPES as readonly string[]).includes(t));
  const unreadOnly = params.get('unread') === '1';
  const list = useNotifications({ skip: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE, unreadOnly, types });
  const setRead = useSetRead();
  const markAll = useMarkAllRead();
  const del = useDeleteNotification();
  const [deleting, setDeleting] = useState<number | null>(null);
  const set = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) if (v) next.set(k, v);
    else next.delete(k);
    if (!('page' in patch)) next.delete('page');
    setParams(next);
  };
  const total = list.data?.total ?? 0;

  return (
    <Box data-testid="notifications-page">
      <PageHeader
        title="Notifications"
        subtitle="Your latest updates"
        actions={
          <Button variant="outlined" onClick={() => markAll.mutate()} disabled={markAll.isPending}>
            Mark all read
          </Button>
        }
      />
      <Stack direction="row" spacing={2} sx={{ mb: 2, alignItems: 'center', flexWrap: 'wrap' }}>
        <Select
          multiple
          size="small"
          displayEmpty
          value={types}
          onChange={(e) => set({ types: (e.target.value as string[]).join(',') || null })}
          renderValue={(v) => (v.length === 0 ? 'All types' : v.map((t) => NOTIFICATION_TYPE_LABELS[t as NotificationType]).join(', '))}
          inputProps={{ 'aria-label': 'Filter by type' }}
          sx={{ minWidth: 220 }}
        >
          {NOTIFICATION_TYPES.map((t) => (
            <MenuItem key={t} value={t}>
              <Checkbox size="small" checked={types.includes(t)} />
              {NOTIFICATION_TYPE_LABELS[t]}
            </MenuItem>
          ))}
        </Select>
        <FormControlLabel control={<Switch checked={unreadOnly} onChange={(e) => set({ unread: e.target.checked ? '1' : null })} />} label="Unread only" />
        <Typography variant="body2" color="text.secondary">
          {total} notifications
        </Typography>
      </Stack>
      {list.isError ? <ErrorState error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.isPending ? <Skeleton variant="rounded" height={200} /> : null}
      {list.isSuccess && list.data.items.length === 0 ? <EmptyState>No notifications.</EmptyState> : null}
      {list.data && list.data.items.length > 0 ? (
        <Card variant="outlined">
          <List disablePadding>
            {list.data.items.map((n) => (
              <ListItem
                key={n.id}
                divider
                disablePadding
                secondaryAction={
                  <Stack direction="row">
                    <Tooltip title={n.read_status ? 'Mark as unread' : 'Mark as read'}>
                      <Checkbox checked={!n.read_status} onChange={() => setRead.mutate({ id: n.id, read: !n.read_status })} slotProps={{ input: { 'aria-label': n.read_status ? 'Mark as unread' : 'Mark as read' } }} />
                    </Tooltip>
                    <IconButton aria-label="Delete notification" onClick={() => setDeleting(n.id)}>
                      <DeleteIcon />
                    </IconButton>
                  </Stack>
                }
              >
                <ListItemButton
                  onClick={() => {
                    if (!n.read_status) setRead.mutate({ id: n.id, read: true });
                    navigate(`/notification/${n.id}`);
                  }}
                  sx={{ pr: 14 }}
                  data-testid="notification-row"
                >
                  <ListItemIcon sx={{ minWidth: 0, mr: 1.5 }}>
                    <Chip size="small" label={NOTIFICATION_TYPE_LABELS[n.notification_type as NotificationType] ?? 'Other'} color={n.notification_type === 'job_failed' ? 'error' : n.notification_type === 'job_completed' ? 'success' : 'default'} />
                  </ListItemIcon>
                  <ListItemText
                    primary={n.title}
                    secondary={
                      <>
                        <span title={formatDateTime(n.created_at)}>{formatRelative(n.created_at)}</span> · {n.message}
                      </>
                    }
                    slotProps={{ primary: { sx: { fontWeight: n.read_status ? 400 : 700 } } }}
                  />
                </ListItemButton>
              </ListItem>
            ))}
          </List>
        </Card>
      ) : null}
      {total > PAGE_SIZE ? <Pagination sx={{ mt: 2 }} count={Math.ceil(total / PAGE_SIZE)} page={page} onChange={(_e, p) => set({ page: p > 1 ? String(p) : null })} /> : null}
      <ConfirmDialog
        open={deleting !== null}
        title="Delete notification?"
        confirmLabel="Delete"
        destructive
        busy={del.isPending}
        onClose={() => setDeleting(null)}
        onConfirm={() => deleting !== null && del.mutate(deleting, { onSuccess: () => setDeleting(null) })}
      >
        The notification is removed for good.
      </ConfirmDialog>
    </Box>
  );
}
