import AccountCircleIcon from '@mui/icons-material/AccountCircle';
import DarkModeIcon from '@mui/icons-material/DarkMode';
import LightModeIcon from '@mui/icons-material/LightMode';
import LogoutIcon from '@mui/icons-material/Logout';
import MenuIcon from '@mui/icons-material/Menu';
import { AppBar, Box, IconButton, Link, Toolbar, Tooltip, Typography, useMediaQuery, useTheme } from '@mui/material';
import { useEffect, useRef, useState } from 'react';
import { Outlet, Link as RouterLink, useLocation, useNavigate, useSearchParams } from 'react-router';
import { updateGalleryParams } from '../../features/content/gallery-url-state';
import { NotificationBell } from '../../features/notifications/components/NotificationBell';
import { SearchBox } from '../../components/SearchBox';
import { useAuthActions, useCurrentUser } from '../../lib/current-user';
import { readStored, writeStored } from '../../lib/storage';
import { useThemeMode } from '../../lib/theme';
import { ErrorBoundary } from '../../components/ErrorBoundary';
import { Sidebar, SIDEBAR_COLLAPSED, SIDEBAR_WIDTH } from './Sidebar';

export function AppLayout() {
  const theme = useTheme();
  const isDesktop = useMediaQuery(theme.breakpoints.up('md'), { noSsr: true });
  const [desktopOpen, setDesktopOpen] = useState(() => readStored('sidebar-open', true));
  const [mobileOpen, setMobileOpen] = useState(false);
  const { mode, toggle } = useThemeMode();
  const location = useLocation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const mainRef = useRef<HTMLElement>(null);
  const user = useCurrentUser();
  const { logout } = useAuthActions();

  // Focus the page's H1 after client-side navigation so screen readers announce the new page.
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    setMobileOpen(false);
    const t = setTimeout(() => mainRef.current?.querySelector<HTMLElement>('[data-page-heading]')?.focus({ preventScroll: true }), 50);
    return () => clearTimeout(t);
  }, [location.pathname]);

  const toggleSidebar = () => {
    if (isDesktop) {
      writeStored('sidebar-open', !desktopOpen);
      setDesktopOpen(!desktopOpen);
    } else setMobileOpen(!mobileOpen);
  };

  // The app-bar search keeps the gallery's other filters when used from the gallery.
  const runSearch = (query: string) => {
    const base = location.pathname === '/gallery' ? params : new URLSearchParams();
    navigate(`/gallery?${updateGalleryParams(base, { search: query }).toString()}`);
  };

  const drawerWidth = isDesktop ? (desktopOpen ? SIDEBAR_WIDTH : SIDEBAR_COLLAPSED) : 0;

  return (
    <Box sx={{ display: 'flex', minHeight: '100vh' }}>
      <Link
        href="#main"
        sx={{
          position: 'absolute',
          left: 8,
          top: -48,
          zIndex: (t) => t.zIndex.tooltip + 1,
          bgcolor: 'background.paper',
          p: 1,
          borderRadius: 1,
          '&:focus': { top: 8 },
        }}
      >
        Skip to content
      </Link>
      <AppBar position="fixed" color="primary" sx={{ zIndex: (t) => t.zIndex.drawer + 1 }} data-testid="app-bar">
        <Toolbar sx={{ gap: 1 }}>
          <IconButton
            color="inherit"
            edge="start"
            aria-label={isDesktop ? (desktopOpen ? 'Collapse sidebar' : 'Expand sidebar') : 'Open navigation'}
            aria-expanded={isDesktop ? desktopOpen : mobileOpen}
            onClick={toggleSidebar}
            data-testid="sidebar-toggle"
          >
            <MenuIcon />
          </IconButton>
          <Typography variant="h6" component={RouterLink} to="/dashboard" sx={{ fontWeight: 600, color: 'inherit', textDecoration: 'none', flexShrink: 0 }}>
            Genonaut
          </Typography>
          <Box sx={{ flex: 1 }} />
          <Box sx={{ display: { xs: 'none', sm: 'block' }, width: { sm: 220, md: 280 } }}>
            <SearchBox onSubmit={runSearch} variant="appbar" testId="appbar-search" />
          </Box>
          <Tooltip title={mode === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}>
            <IconButton color="inherit" onClick={toggle} aria-label={mode === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'} data-testid="theme-toggle">
              {mode === 'dark' ? <LightModeIcon /> : <DarkModeIcon />}
            </IconButton>
          </Tooltip>
          <NotificationBell />
          <Tooltip title="Account settings">
            <IconButton color="inherit" component={RouterLink} to="/settings" aria-label="Account settings">
              <AccountCircleIcon />
            </IconButton>
          </Tooltip>
          {user.mode === 'required' ? (
            <Tooltip title={`Log out${user.account ? ` ${user.account.username}` : ''}`}>
              <IconButton color="inherit" aria-label="Log out" data-testid="logout-button" onClick={() => void logout().then(() => navigate('/login'))}>
                <LogoutIcon />
              </IconButton>
            </Tooltip>
          ) : null}
        </Toolbar>
      </AppBar>
      <Sidebar isDesktop={isDesktop} open={isDesktop ? desktopOpen : mobileOpen} onClose={() => setMobileOpen(false)} />
      <Box
        component="main"
        id="main"
        ref={mainRef}
        tabIndex={-1}
        sx={{ flexGrow: 1, minWidth: 0, width: { md: `calc(100% - ${drawerWidth}px)` }, px: { xs: 1.5, lg: 3 }, py: 2, outline: 'none' }}
      >
        <Toolbar />
        <ErrorBoundary resetKey={location.pathname}>
          <Outlet />
        </ErrorBoundary>
      </Box>
    </Box>
  );
}
