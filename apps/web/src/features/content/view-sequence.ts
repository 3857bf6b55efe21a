import { GALLERY_SEQUENCE, saveViewSequence } from '../../lib/view-sequence';

/**
 * The gallery's list for the image view's previous/next: the ids it has loaded, in order, saved
 * under the "gallery" context of the shared mechanism in lib/view-sequence (its links carry
 * `from: 'gallery'`, which the view page maps to that context).
 */
export function saveSequence(ids: number[]): void {
  saveViewSequence(GALLERY_SEQUENCE, ids);
}
