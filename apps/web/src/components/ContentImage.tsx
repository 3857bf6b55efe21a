import BrokenImageIcon from '@mui/icons-material/BrokenImage';
import { Box } from '@mui/material';
import { useState } from 'react';
import { imageUrl } from '../lib/api-client';

interface Props {
  contentId: number;
  alt: string;
  thumbnail?: 'small' | 'medium' | 'large';
  src?: string;
  fit?: 'contain' | 'cover';
}

/** A content image that lazy-loads and shows an icon instead of a broken picture. */
export function ContentImage({ contentId, alt, thumbnail, src, fit = 'contain' }: Props) {
  const [failed, setFailed] = useState(false);
  if (failed) {
    return (
      <Box sx={{ width: '100%', height: '100%', display: 'grid', placeItems: 'center', color: 'text.disabled' }}>
        <BrokenImageIcon fontSize="large" aria-label="Image unavailable" />
      </Box>
    );
  }
  return (
    <Box
      component="img"
      src={src ?? imageUrl(contentId, thumbnail)}
      alt={alt}
      loading="lazy"
      decoding="async"
      onError={() => setFailed(true)}
      sx={{ width: '100%', height: '100%', objectFit: fit, display: 'block' }}
    />
  );
}
