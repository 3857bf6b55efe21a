import BrokenImageIcon from '@mui/icons-material/BrokenImage';
import { Box } from '@mui/material';
import { memo, useState, type CSSProperties } from 'react';
import { imageUrl } from '../lib/api-client';

interface Props {
  contentId: number;
  alt: string;
  thumbnail?: 'small' | 'medium' | 'large';
  src?: string;
  fit?: 'contain' | 'cover';
  /** Called with the element once the picture has loaded (its natural size is known). Keep it stable. */
  onLoad?: (img: HTMLImageElement) => void;
}

// Plain inline styles, made once: grids mount many of these while scrolling, and an sx prop would
// run the style engine for each one.
const STYLES: Record<'contain' | 'cover', CSSProperties> = {
  contain: { width: '100%', height: '100%', objectFit: 'contain', display: 'block' },
  cover: { width: '100%', height: '100%', objectFit: 'cover', display: 'block' },
};

/**
 * A content image that lazy-loads, decodes off the main thread, and shows an icon instead of a
 * broken picture.
 */
export const ContentImage = memo(function ContentImage({ contentId, alt, thumbnail, src, fit = 'contain', onLoad }: Props) {
  const [failed, setFailed] = useState(false);
  if (failed) {
    return (
      <Box sx={{ width: '100%', height: '100%', display: 'grid', placeItems: 'center', color: 'text.disabled' }}>
        <BrokenImageIcon fontSize="large" aria-label="Image unavailable" />
      </Box>
    );
  }
  return (
    <img
      src={src ?? imageUrl(contentId, thumbnail)}
      alt={alt}
      loading="lazy"
      decoding="async"
      onLoad={onLoad ? (e) => onLoad(e.currentTarget) : undefined}
      onError={() => setFailed(true)}
      style={STYLES[fit]}
    />
  );
});
