import { MenuItem, TextField } from '@mui/material';
import { THUMB_SIZES, type ThumbSize } from '../lib/thumb-sizes';

export function ThumbSizeSelect({ value, onChange, testId }: { value: ThumbSize; onChange: (v: ThumbSize) => void; testId?: string }) {
  return (
    <TextField
      select
      size="small"
      label="Thumbnail size"
      value={value}
      onChange={(e) => onChange(e.target.value as ThumbSize)}
      sx={{ minWidth: 150 }}
      slotProps={{ htmlInput: { 'data-testid': testId ?? 'thumb-size-select' } }}
    >
      {(Object.keys(THUMB_SIZES) as ThumbSize[]).map((k) => (
        <MenuItem key={k} value={k}>
          {THUMB_SIZES[k].label} ({THUMB_SIZES[k].width}px)
        </MenuItem>
      ))}
    </TextField>
  );
}
