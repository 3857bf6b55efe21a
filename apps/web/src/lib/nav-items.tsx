import AccountTreeIcon from '@mui/icons-material/AccountTree';
import AutoFixHighIcon from '@mui/icons-material/AutoFixHigh';
import BarChartIcon from '@mui/icons-material/BarChart';
import BookmarksIcon from '@mui/icons-material/Bookmarks';
import BurstModeIcon from '@mui/icons-material/BurstMode';
import DashboardIcon from '@mui/icons-material/Dashboard';
import FlagIcon from '@mui/icons-material/Flag';
import HistoryIcon from '@mui/icons-material/History';
import ManageSearchIcon from '@mui/icons-material/ManageSearch';
import NotificationsIcon from '@mui/icons-material/Notifications';
import SettingsIcon from '@mui/icons-material/Settings';
import ThumbUpIcon from '@mui/icons-material/ThumbUp';
import type { ReactNode } from 'react';
import type { NavPageKey } from './ui-settings';

export interface NavItem {
  key: NavPageKey | string;
  label: string;
  to: string;
  icon: ReactNode;
  /** Top-level pages the user may hide in Settings; children follow their parent. */
  hideable?: boolean;
  /** Shown to administrators only (the server answers 403 to anyone else in required auth mode). */
  adminOnly?: boolean;
  children?: NavItem[];
}

/** The entries this user may see, children included. */
export function visibleNavItems(items: NavItem[], isAdmin: boolean): NavItem[] {
  return items
    .filter((i) => isAdmin || !i.adminOnly)
    .map((i) => (i.children ? { ...i, children: visibleNavItems(i.children, isAdmin) } : i));
}

export const NAV_ITEMS: NavItem[] = [
  { key: 'dashboard', label: 'Dashboard', to: '/dashboard', icon: <DashboardIcon />, hideable: true },
  {
    key: 'gallery',
    label: 'Gallery',
    to: '/gallery',
    icon: <BurstModeIcon />,
    hideable: true,
    children: [{ key: 'bookmarks', label: 'Bookmarks', to: '/bookmarks', icon: <BookmarksIcon /> }],
  },
  {
    key: 'generate',
    label: 'Generate',
    to: '/generate',
    icon: <AutoFixHighIcon />,
    hideable: true,
    children: [{ key: 'generate-history', label: 'History', to: '/generate/history', icon: <HistoryIcon /> }],
  },
  { key: 'tags', label: 'Tag Hierarchy', to: '/tags', icon: <AccountTreeIcon />, hideable: true },
  { key: 'recommendations', label: 'Recommendations', to: '/recommendations', icon: <ThumbUpIcon />, hideable: true },
  { key: 'notifications', label: 'Notifications', to: '/notifications', icon: <NotificationsIcon />, hideable: true },
  { key: 'flagged', label: 'Flagged Content', to: '/admin/flagged-content', icon: <FlagIcon />, hideable: true, adminOnly: true },
  {
    key: 'settings',
    label: 'Settings',
    to: '/settings',
    icon: <SettingsIcon />,
    children: [
      { key: 'search-history', label: 'Search History', to: '/settings/search-history', icon: <ManageSearchIcon /> },
      { key: 'analytics', label: 'Analytics', to: '/settings/analytics', icon: <BarChartIcon />, adminOnly: true },
    ],
  },
];
