import BookmarkIcon from '@mui/icons-material/Bookmark';
import BookmarkBorderIcon from '@mui/icons-material/BookmarkBorder';
import { IconButton, Tooltip } from '@mui/material';
import { useState } from 'react';
import { useAddBookmark, type Bookmark, type ContentRef } from '../api/bookmarks';
import { ManageBookmarkDialog } from './ManageBookmarkDialog';

interface Props {
  item: ContentRef;
  /** From the page's batch status request; undefined while it loads. */
  bookmark: Bookmark | null | undefined;
  size?: 'small' | 'medium';
}

/** Outline = add (optimistic); filled = manage (categories, note, pin, remove). */
export function BookmarkButton({ item, bookmark, size = 'small' }: Props) {
  const add = useAddBookmark();
  const [optimistic, setOptimistic] = useState(false);
  const [managing, setManaging] = useState(false);
  const isBookmarked = Boolean(bookmark) || optimistic;

  const onClick = (e: React.MouseEvent) => {
    e.stopPropagation();
    e.preventDefault();
    if (bookmark) {
      setManaging(true);
      return;
    }
    if (optimistic) return;
    setOptimistic(true);
    add.mutate(item, { onSettled: () => setOptimistic(false) });
  };

  const label = isBookmarked ? 'Manage bookmark' : 'Add bookmark';
  return (
    <>
      <Tooltip title={label}>
        <IconButton
          size={size}
          onClick={onClick}
          aria-label={label}
          aria-pressed={isBookmarked}
          color={isBookmarked ? 'primary' : 'default'}
          data-testid="bookmark-button"
          data-bookmarked={isBookmarked ? 'true' : 'false'}
        >
          {isBookmarked ? <BookmarkIcon fontSize={size} /> : <BookmarkBorderIcon fontSize={size} />}
        </IconButton>
      </Tooltip>
      {bookmark && managing ? <ManageBookmarkDialog bookmark={bookmark} onClose={() => setManaging(false)} /> : null}
    </>
  );
}
