import { Box, Stack, Tooltip, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { truncate } from '../lib/format';
import { useDocumentTitle } from '../lib/use-document-title';

interface Props {
  title: string;
  /** Tab title when it should differ from the heading. */
  documentTitle?: string;
  /**
   * Longer headings are cut to this many characters (with "…"), the full text in a tooltip and
   * as the heading's accessible name; the tab title stays whole. Unset: never cut.
   */
  maxTitleLength?: number;
  subtitle?: ReactNode;
  actions?: ReactNode;
  testId?: string;
}

/** The page's H1 (focus lands on it after navigation) and its title in the browser tab. */
export function PageHeader({ title, documentTitle, maxTitleLength, subtitle, actions, testId }: Props) {
  useDocumentTitle(documentTitle ?? title);
  const cut = maxTitleLength !== undefined && title.length > maxTitleLength;
  const heading = (
    <Typography variant="h4" component="h1" tabIndex={-1} data-page-heading data-testid={testId} sx={{ fontWeight: 600, outline: 'none', wordBreak: 'break-word' }}>
      {cut ? truncate(title, maxTitleLength) : title}
    </Typography>
  );
  return (
    <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ mb: 2, alignItems: { sm: 'center' }, justifyContent: 'space-between' }}>
      <Box sx={{ minWidth: 0 }}>
        {/* The tooltip also names the heading with the full title (aria-label) for screen readers. */}
        {cut ? <Tooltip title={title}>{heading}</Tooltip> : heading}
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
