import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { api, unwrap } from './api-client';
import { session as appSession, type Account, type AuthMode, type AuthSession, type SessionResponse } from './auth-session';

export interface CurrentUser {
  /** The user every request acts as: the demo user in open mode, the logged-in account in required mode ('' when nobody is). */
  id: string;
  mode: AuthMode;
  /** 'loading' until the auth mode is known and (required mode) the session restore has run. */
  status: 'loading' | 'signed-in' | 'signed-out';
  /** The logged-in account (required mode only). */
  account: Account | null;
  /** Open mode: everyone may see everything, as in the original. Required mode: role admin. */
  isAdmin: boolean;
}

export interface AuthActions {
  login: (username: string, password: string) => Promise<void>;
  register: (username: string, email: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  /** Takes over the new session a password change answers with. */
  adopt: (session: SessionResponse) => void;
}

// Used when /api/v1/auth/config cannot be reached (an old server): open mode, as the app always did.
const DEMO_USER_ID = __DEMO_USER_ID__;

const LOADING: CurrentUser = { id: '', mode: 'open', status: 'loading', account: null, isAdmin: false };
const CurrentUserContext = createContext<CurrentUser>(LOADING);
const AuthActionsContext = createContext<AuthActions | null>(null);

/**
 * Resolves who the app acts as. Reads the auth mode once; in required mode it restores the
 * session from the refresh cookie (so a reload keeps you logged in) before any page renders.
 */
export function CurrentUserProvider({ children, session = appSession }: { children: ReactNode; session?: AuthSession }) {
  const qc = useQueryClient();
  const config = useQuery({
    queryKey: ['auth', 'config'],
    queryFn: () => unwrap(api.GET('/api/v1/auth/config')),
    staleTime: Infinity,
    retry: 1,
    meta: { silent: true },
  });
  const mode: AuthMode | undefined = config.data?.mode ?? (config.isError ? 'open' : undefined);
  const account = useSyncExternalStore(session.subscribe, () => session.user);
  const [restoredFor, setRestoredFor] = useState<AuthMode | null>(null);

  useEffect(() => {
    if (!mode) return;
    session.setMode(mode);
    if (mode !== 'required' || session.user) {
      setRestoredFor(mode);
      return;
    }
    let live = true;
    void session.refresh().finally(() => {
      if (live) setRestoredFor(mode);
    });
    return () => {
      live = false;
    };
  }, [mode, session]);

  const value = useMemo<CurrentUser>(() => {
    if (!mode || restoredFor !== mode) return LOADING;
    if (mode === 'open') {
      return { id: config.data?.demo_user_id ?? DEMO_USER_ID, mode, status: 'signed-in', account: null, isAdmin: true };
    }
    return account
      ? { id: account.id, mode, status: 'signed-in', account, isAdmin: account.role === 'admin' }
      : { id: '', mode, status: 'signed-out', account: null, isAdmin: false };
  }, [mode, restoredFor, account, config.data?.demo_user_id]);

  // A different person may log in next: nothing of the last one's data stays cached.
  const forgetData = useCallback(() => qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'auth' }), [qc]);

  const actions = useMemo<AuthActions>(
    () => ({
      login: async (username, password) => {
        const started = await unwrap(api.POST('/api/v1/auth/login', { body: { username, password } }));
        forgetData();
        session.start(started);
      },
      register: async (username, email, password) => {
        const started = await unwrap(api.POST('/api/v1/auth/register', { body: { username, email, password } }));
        forgetData();
        session.start(started);
      },
      logout: async () => {
        await session.logout();
        forgetData();
      },
      adopt: (started) => session.start(started),
    }),
    [session, forgetData],
  );

  return (
    <AuthActionsContext.Provider value={actions}>
      <CurrentUserContext.Provider value={value}>{children}</CurrentUserContext.Provider>
    </AuthActionsContext.Provider>
  );
}

export function useCurrentUser(): CurrentUser {
  return useContext(CurrentUserContext);
}

/** The one place every request's `user_id` comes from. */
export function useUserId(): string {
  return useContext(CurrentUserContext).id;
}

export function useAuthActions(): AuthActions {
  const actions = useContext(AuthActionsContext);
  if (!actions) throw new Error('useAuthActions needs a CurrentUserProvider');
  return actions;
}
