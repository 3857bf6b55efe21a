import { MutationCache, QueryCache, QueryClient, type Mutation, type Query } from '@tanstack/react-query';
import { ApiError } from './api-client';
import { showToast } from './toast';

function reportError(error: unknown, retry: () => void): void {
  if (error instanceof ApiError && error.isStatementTimeout) {
    const body = error.body as { timeout_duration?: string };
    showToast({
      severity: 'error',
      title: 'Request timed out',
      message: error.message,
      detail: `The database stopped the query after ${body.timeout_duration ?? 'its time limit'}${error.path ? ` (${error.path})` : ''}.`,
      action: { label: 'Retry', run: retry },
    });
    return;
  }
  showToast({
    severity: 'error',
    message: error instanceof Error ? error.message : 'Something went wrong',
    action: { label: 'Retry', run: retry },
  });
}

/** Queries may opt out of the global toast (they show the error in place) with meta.silent. */
export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query: Query<unknown, unknown, unknown>) => {
        if (query.meta?.silent) return;
        reportError(error, () => void client.refetchQueries({ queryKey: query.queryKey, exact: true }));
      },
    }),
    mutationCache: new MutationCache({
      onError: (error, variables, _ctx, mutation: Mutation<unknown, unknown, unknown, unknown>) => {
        if (mutation.meta?.silent) return;
        reportError(error, () => void mutation.execute(variables).catch(() => undefined));
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 1,
      },
    },
  });
  return client;
}
