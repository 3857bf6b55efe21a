import InfoOutlinedIcon from '@mui/icons-material/InfoOutlined';
import { Box, IconButton, Popover, Skeleton, Table, TableBody, TableCell, TableRow, Typography } from '@mui/material';
import { useState } from 'react';
import { formatCount } from '../../../lib/format';
import { useUnifiedStats } from '../../../api/content';

/** Counts per source; opens on click or Enter (not hover), so touch and keyboard users get it too. */
export function StatsPopoverButton({ userId }: { userId: string }) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const stats = useUnifiedStats(userId);
  const rows: [string, number | undefined][] = [
    ['Your gens', stats.data?.user_regular_count],
    ['Your auto-gens', stats.data?.user_auto_count],
    ['Community gens', stats.data?.community_regular_count],
    ['Community auto-gens', stats.data?.community_auto_count],
  ];
  return (
    <>
      <IconButton size="small" aria-label="Show counts per source" aria-haspopup="dialog" aria-expanded={Boolean(anchor)} onClick={(e) => setAnchor(e.currentTarget)} data-testid="gallery-stats-button">
        <InfoOutlinedIcon fontSize="small" />
      </IconButton>
      <Popover open={Boolean(anchor)} anchorEl={anchor} onClose={() => setAnchor(null)} anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}>
        <Box sx={{ p: 2, minWidth: 240 }} data-testid="gallery-stats-popover">
          <Typography variant="subtitle2" component="h2" gutterBottom>
            Items per source
          </Typography>
          <Table size="small">
            <TableBody>
              {rows.map(([label, n]) => (
                <TableRow key={label}>
                  <TableCell sx={{ pl: 0 }}>{label}</TableCell>
                  <TableCell align="right" sx={{ pr: 0 }}>
                    {stats.isLoading ? <Skeleton width={48} /> : formatCount(n)}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      </Popover>
    </>
  );
}
