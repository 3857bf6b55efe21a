import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { RouterProvider } from 'react-router';
import { CurrentUserProvider } from '../lib/current-user';
import { createQueryClient } from '../lib/query-client';
import { ThemeModeProvider } from '../lib/theme';
import { ToastProvider } from '../lib/toast';
import { UiSettingsProvider } from '../lib/ui-settings';
import { router } from './router';

export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <ThemeModeProvider>
      <ToastProvider>
        <QueryClientProvider client={queryClient}>
          <CurrentUserProvider>
            <UiSettingsProvider>
              <RouterProvider router={router} />
            </UiSettingsProvider>
          </CurrentUserProvider>
        </QueryClientProvider>
      </ToastProvider>
    </ThemeModeProvider>
  );
}
