import ExpandLessIcon from '@mui/icons-material/ExpandLess';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import { Box, Collapse, Drawer, IconButton, List, ListItemButton, ListItemIcon, ListItemText, Toolbar, Tooltip } from '@mui/material';
import { useState } from 'react';
import { NavLink, useLocation } from 'react-router';
import { useCurrentUser } from '../../lib/current-user';
import { readStored, writeStored } from '../../lib/storage';
import { useUiSettings } from '../../lib/ui-settings';
import { NAV_ITEMS, visibleNavItems, type NavItem } from '../../lib/nav-items';

export const SIDEBAR_WIDTH = 232;
export const SIDEBAR_COLLAPSED = 64;

function isActive(item: NavItem, pathname: string): boolean {
  return pathname === item.to || pathname.startsWith(`${item.to}/`);
}

interface Props {
  isDesktop: boolean;
  open: boolean;
  onClose: () => void;
}

export function Sidebar({ isDesktop, open, onClose }: Props) {
  const { settings } = useUiSettings();
  const { isAdmin } = useCurrentUser();
  const { pathname } = useLocation();
  const [expanded, setExpanded] = useState<string[]>(() => readStored<string[]>('expandedNavItems', ['gallery', 'settings']));
  const compact = isDesktop && !open;
  const labels = !compact;
  const items = visibleNavItems(NAV_ITEMS, isAdmin).filter((i) => !i.hideable || !settings.hiddenPages.includes(i.key as never));

  const toggleExpanded = (key: string) => {
    const next = expanded.includes(key) ? expanded.filter((k) => k !== key) : [...expanded, key];
    setExpanded(next);
    writeStored('expandedNavItems', next);
  };

  const renderItem = (item: NavItem, depth: number) => {
    const active = pathname === item.to || (depth === 0 && !item.children?.some((c) => isActive(c, pathname)) && isActive(item, pathname));
    const childOpen = Boolean(item.children) && (expanded.includes(item.key) || item.children!.some((c) => isActive(c, pathname)));
    const button = (
      <ListItemButton
        component={NavLink}
        to={item.to}
        end
        selected={active}
        aria-current={active ? 'page' : undefined}
        data-testid={`nav-${item.key}`}
        sx={{ pl: compact ? 2.5 : 2 + depth * 2, minHeight: 44 }}
        onClick={() => {
          if (!isDesktop) onClose();
        }}
      >
        <ListItemIcon sx={{ minWidth: compact ? 0 : 40 }}>{item.icon}</ListItemIcon>
        {labels ? <ListItemText primary={item.label} /> : null}
      </ListItemButton>
    );
    return (
      <Box component="li" key={item.key} sx={{ listStyle: 'none' }}>
        <Box sx={{ display: 'flex', alignItems: 'center' }}>
          <Box sx={{ flex: 1, minWidth: 0 }}>
            {compact ? (
              <Tooltip title={item.label} placement="right">
                {button}
              </Tooltip>
            ) : (
              button
            )}
          </Box>
          {item.children && labels ? (
            <IconButton
              size="small"
              aria-label={`${childOpen ? 'Collapse' : 'Expand'} ${item.label}`}
              aria-expanded={childOpen}
              onClick={() => toggleExpanded(item.key)}
              sx={{ mr: 1 }}
            >
              {childOpen ? <ExpandLessIcon fontSize="small" /> : <ExpandMoreIcon fontSize="small" />}
            </IconButton>
          ) : null}
        </Box>
        {item.children && !compact ? (
          <Collapse in={childOpen} unmountOnExit>
            <List disablePadding component="ul">
              {item.children.map((c) => renderItem(c, depth + 1))}
            </List>
          </Collapse>
        ) : null}
      </Box>
    );
  };

  const content = (
    <>
      <Toolbar />
      <Box component="nav" aria-label="Main">
        <List component="ul" sx={{ p: 0 }}>
          {items.map((i) => renderItem(i, 0))}
        </List>
      </Box>
    </>
  );

  if (!isDesktop) {
    return (
      <Drawer variant="temporary" open={open} onClose={onClose} ModalProps={{ keepMounted: true }} sx={{ '& .MuiDrawer-paper': { width: SIDEBAR_WIDTH } }} data-testid="sidebar">
        {content}
      </Drawer>
    );
  }
  const width = open ? SIDEBAR_WIDTH : SIDEBAR_COLLAPSED;
  return (
    <Drawer
      variant="permanent"
      data-testid="sidebar"
      sx={{
        width,
        flexShrink: 0,
        '& .MuiDrawer-paper': { width, overflowX: 'hidden', transition: 'width 150ms ease', boxSizing: 'border-box' },
      }}
    >
      {content}
    </Drawer>
  );
}
