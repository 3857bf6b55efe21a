import { Alert, Button, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { Link as RouterLink, Navigate, useLocation, useSearchParams } from 'react-router';
import { useCurrentUser } from '../lib/current-user';
import { RouteFallback } from './RouteFallback';

/**
 * Where to go after logging in: only a path of this app (no scheme, no `//host`, no backslash
 * tricks), and never back to the login pages themselves.
 */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return '/dashboard';
  if (/^\/(login|signup)(?:[/?#]|$)/.test(next)) return '/dashboard';
  return next;
}

function loginPath(location: { pathname: string; search: string; hash: string }): string {
  return `/login?next=${encodeURIComponent(location.pathname + location.search + location.hash)}`;
}

/** Required mode: only a logged-in user gets past; everyone else goes to /login?next=<here>. */
export function RequireSession({ children }: { children: ReactNode }) {
  const user = useCurrentUser();
  const location = useLocation();
  if (user.status === 'loading') return <RouteFallback />;
  if (user.status === 'signed-out') return <Navigate to={loginPath(location)} replace />;
  return children;
}

/** The login and signup pages: nothing to do there in open mode or once logged in. */
export function GuestOnly({ children }: { children: ReactNode }) {
  const user = useCurrentUser();
  const [params] = useSearchParams();
  if (user.status === 'loading') return <RouteFallback />;
  if (user.status === 'signed-in') return <Navigate to={safeNext(params.get('next'))} replace />;
  return children;
}

/** Administration pages: users get an explanation instead of a page of 403 errors. */
export function RequireAdmin({ children }: { children: ReactNode }) {
  const { isAdmin } = useCurrentUser();
  if (isAdmin) return children;
  return (
    <Stack spacing={2} sx={{ p: 3, alignItems: 'flex-start' }} data-testid="forbidden-page">
      <Typography variant="h4" component="h1" tabIndex={-1} data-page-heading>
        Administrators only
      </Typography>
      <Alert severity="info">This page is only available to administrators.</Alert>
      <Button variant="contained" component={RouterLink} to="/dashboard">
        Go to the dashboard
      </Button>
    </Stack>
  );
}
