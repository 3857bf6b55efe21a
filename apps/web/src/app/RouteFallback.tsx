import { Box, CircularProgress } from '@mui/material';

export function RouteFallback() {
  return (
    <Box sx={{ display: 'grid', placeItems: 'center', minHeight: 240 }} data-testid="route-loading">
      <CircularProgress aria-label="Loading page" />
    </Box>
  );
}
