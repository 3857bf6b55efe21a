/** Labelled thumbnail sizes (2:3 portrait); the width is a grid's minimum column width. */
export const THUMB_SIZES = {
  xs: { label: 'Extra small', width: 152, height: 228, server: 'small' },
  s: { label: 'Small', width: 200, height: 300, server: 'medium' },
  m: { label: 'Medium', width: 256, height: 384, server: 'medium' },
  l: { label: 'Large', width: 358, height: 537, server: 'large' },
  xl: { label: 'Extra large', width: 512, height: 768, server: 'large' },
} as const;
export type ThumbSize = keyof typeof THUMB_SIZES;

export function isThumbSize(v: unknown): v is ThumbSize {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(THUMB_SIZES, v);
}
