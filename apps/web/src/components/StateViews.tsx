import { Alert, Box, Button, Typography } from '@mui/material';
import type { ReactNode } from 'react';

export function EmptyState({ children, action, testId }: { children: ReactNode; action?: ReactNode; testId?: string }) {
  return (
    <Box sx={{ py: 6, textAlign: 'center' }} data-testid={testId ?? 'empty-state'}>
      <Typography color="text.secondary">{children}</Typography>
      {action ? <Box sx={{ mt: 2 }}>{action}</Box> : null}
    </Box>
  );
}

export function ErrorState({ error, onRetry, testId }: { error: unknown; onRetry?: () => void; testId?: string }) {
  return (
    <Alert
      severity="error"
      data-testid={testId ?? 'error-state'}
      action={
        onRetry ? (
          <Button color="inherit" size="small" onClick={onRetry}>
            Retry
          </Button>
        ) : undefined
      }
    >
      {error instanceof Error ? error.message : 'Something went wrong'}
    </Alert>
  );
}
