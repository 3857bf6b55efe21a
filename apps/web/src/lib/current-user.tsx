import { useQuery } from '@tanstack/react-query';
import { createContext, useContext, type ReactNode } from 'react';
import { api, unwrap } from './api-client';

interface CurrentUser {
  /** The user the app acts as; in open auth mode the server's demo admin. */
  id: string;
  mode: string;
}

// Used until (or if never) /api/v1/auth/config answers; injected from config/base.json at build.
const FALLBACK: CurrentUser = { id: __DEMO_USER_ID__, mode: 'open' };

const CurrentUserContext = createContext<CurrentUser>(FALLBACK);

export function CurrentUserProvider({ children }: { children: ReactNode }) {
  const config = useQuery({
    queryKey: ['auth', 'config'],
    queryFn: () => unwrap(api.GET('/api/v1/auth/config')),
    staleTime: Infinity,
    meta: { silent: true },
  });
  const value: CurrentUser = config.data?.demo_user_id ? { id: config.data.demo_user_id, mode: config.data.mode } : FALLBACK;
  return <CurrentUserContext.Provider value={value}>{children}</CurrentUserContext.Provider>;
}

export function useCurrentUser(): CurrentUser {
  return useContext(CurrentUserContext);
}

export function useUserId(): string {
  return useContext(CurrentUserContext).id;
}
