import NotificationsIcon from '@mui/icons-material/Notifications';
import { Badge, Box, Button, Divider, IconButton, List, ListItemButton, ListItemText, Menu, Tooltip, Typography } from '@mui/material';
import { useState } from 'react';
import { Link as RouterLink, useNavigate } from 'react-router';
import { formatRelative } from '../../../lib/format';
import { useMarkAllRead, useNotifications, useNotificationStream, useSetRead, useUnreadCount } from '../../../api/notifications';

export function NotificationBell() {
  useNotificationStream();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const unread = useUnreadCount();
  const latest = useNotifications({ skip: 0, limit: 10 });
  const setRead = useSetRead();
  const markAll = useMarkAllRead();
  const navigate = useNavigate();
  const count = unread.data ?? 0;

  return (
    <>
      <Tooltip title="Notifications">
        <IconButton
          color="inherit"
          aria-label={count ? `Notifications, ${count} unread` : 'Notifications'}
          aria-haspopup="menu"
          aria-expanded={Boolean(anchor)}
          onClick={(e) => setAnchor(e.currentTarget)}
          data-testid="notification-bell"
        >
          <Badge badgeContent={count} color="secondary" max={99} data-testid="notification-bell-count">
            <NotificationsIcon />
          </Badge>
        </IconButton>
      </Tooltip>
      <Menu anchorEl={anchor} open={Boolean(anchor)} onClose={() => setAnchor(null)} slotProps={{ paper: { sx: { width: 360, maxWidth: '95vw' } } }}>
        <Box sx={{ px: 2, py: 1, display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}>
          <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600 }}>
            Notifications
          </Typography>
          {count > 0 ? (
            <Button size="small" onClick={() => markAll.mutate()} disabled={markAll.isPending}>
              Mark all read
            </Button>
          ) : null}
        </Box>
        <Divider />
        <List dense sx={{ py: 0 }}>
          {(latest.data?.items ?? []).map((n) => (
            <ListItemButton
              key={n.id}
              onClick={() => {
                setAnchor(null);
                if (!n.read_status) setRead.mutate({ id: n.id, read: true });
                navigate(`/notification/${n.id}`);
              }}
            >
              <ListItemText
                primary={n.title}
                secondary={`${formatRelative(n.created_at)} · ${n.message}`}
                slotProps={{ primary: { sx: { fontWeight: n.read_status ? 400 : 700 } }, secondary: { noWrap: true } }}
              />
            </ListItemButton>
          ))}
          {latest.data && latest.data.items.length === 0 ? (
            <Typography sx={{ px: 2, py: 2 }} color="text.secondary">
              No notifications yet.
            </Typography>
          ) : null}
        </List>
        <Divider />
        <Box sx={{ p: 1, textAlign: 'center' }}>
          <Button component={RouterLink} to="/notifications" onClick={() => setAnchor(null)} size="small">
            View all notifications
          </Button>
        </Box>
      </Menu>
    </>
  );
}
