import { Box, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { useDocumentTitle } from '../lib/use-document-title';

interface Props {
  title: string;
  /** Tab title when it should differ from the heading. */
  documentTitle?: string;
  subtitle?: ReactNode;
  actions?: ReactNode;
  testId?: string;
}

/** The page's H1 (focus lands on it after navigation) and its title in the browser tab. */
export function PageHeader({ title, documentTitle, subtitle, actions, testId }: Props) {
  useDocumentTitle(documentTitle ?? title);
  return (
    <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ mb: 2, alignItems: { sm: 'center' }, justifyContent: 'space-between' }}>
      <Box sx={{ minWidth: 0 }}>
        <Typography variant="h4" component="h1" tabIndex={-1} data-page-heading data-testid={testId} sx={{ fontWeight: 600, outline: 'none', wordBreak: 'break-word' }}>
          {title}
        </Typography>
        {subtitle ? (
          <Typography color="text.secondary" component="div">
            {subtitle}
          </Typography>
        ) : null}
      </Box>
      {actions ? <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>{actions}</Stack> : null}
    </Stack>
  );
}
