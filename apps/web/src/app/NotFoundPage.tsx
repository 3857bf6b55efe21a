import { Button, Stack, Typography } from '@mui/material';
import { Link as RouterLink, useLocation } from 'react-router';
import { useDocumentTitle } from '../lib/use-document-title';

export default function NotFoundPage() {
  const location = useLocation();
  useDocumentTitle('Not found');
  return (
    <Stack spacing={2} sx={{ p: 3, alignItems: 'flex-start' }} data-testid="not-found-page">
      <Typography variant="h4" component="h1" tabIndex={-1}>
        Page not found
      </Typography>
      <Typography color="text.secondary">Nothing lives at {location.pathname}.</Typography>
      <Button variant="contained" component={RouterLink} to="/dashboard">
        Go to the dashboard
      </Button>
    </Stack>
  );
}
