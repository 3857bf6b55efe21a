import { Tooltip } from '@mui/material';
import { useTheme } from '@mui/material/styles';
import { Suspense, lazy, useEffect, useRef, useState, type FocusEvent, type MouseEvent, type PointerEvent } from 'react';
import { useAddBookmark, type Bookmark, type ContentRef } from '../api/bookmarks';
import { bookmarkButtonClass } from './bookmark-button-style';

interface Props {
  item: ContentRef;
  /** From the page's batch status request; undefined while it loads. */
  bookmark: Bookmark | null | undefined;
  size?: 'small' | 'medium';
}

// The manage dialog (categories, note, pin, remove) is fetched when it is first wanted: hovering or
// focusing a bookmarked button starts the download, a click opens it.
const loadDialog = () => import('./ManageBookmarkDialog');
const ManageBookmarkDialog = lazy(() => loadDialog().then((m) => ({ default: m.ManageBookmarkDialog })));

// Material's "bookmark" and "bookmark_border" icons (the paths @mui/icons-material draws), inline:
// an SvgIcon is one more styled component per tile.
const FILLED = 'M17 3H7c-1.1 0-1.99.9-1.99 2L5 21l7-3 7 3V5c0-1.1-.9-2-2-2';
const OUTLINE = 'M17 3H7c-1.1 0-1.99.9-1.99 2L5 21l7-3 7 3V5c0-1.1-.9-2-2-2m0 15-5-2.18L7 18V5h10z';

type Trigger = 'hover' | 'focus' | 'touch';

/**
 * Outline = add (optimistic); filled = manage (categories, note, pin, remove).
 *
 * Grids mount one of these in every tile while scrolling, so it is a native button with an inline
 * icon and a class made once per theme (bookmark-button-style.ts), not an IconButton in a Tooltip.
 * The MUI tooltip is mounted only once the pointer or the keyboard focus reaches the button, and then
 * behaves as before: it opens after the theme's Tooltip delay, on keyboard focus, after a long press
 * on a touch screen, and closes on leave, blur or Escape.
 */
export function BookmarkButton({ item, bookmark, size = 'small' }: Props) {
  const theme = useTheme();
  const add = useAddBookmark();
  const [optimistic, setOptimistic] = useState(false);
  const [managing, setManaging] = useState(false);
  const [trigger, setTrigger] = useState<Trigger | null>(null);
  const [tipAnchor, setTipAnchor] = useState<HTMLButtonElement | null>(null);
  const isBookmarked = Boolean(bookmark) || optimistic;
  const label = isBookmarked ? 'Manage bookmark' : 'Add bookmark';

  const want = (t: Trigger, button: HTMLButtonElement) => {
    setTipAnchor(button);
    setTrigger(t);
    if (bookmark) void loadDialog();
  };

  const onClick = (e: MouseEvent) => {
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

  return (
    <>
      <button
        type="button"
        className={bookmarkButtonClass(theme)}
        data-size={size}
        onClick={onClick}
        aria-label={label}
        aria-pressed={isBookmarked}
        data-testid="bookmark-button"
        data-bookmarked={isBookmarked ? 'true' : 'false'}
        onPointerEnter={(e: PointerEvent<HTMLButtonElement>) => {
          if (e.pointerType !== 'touch') want('hover', e.currentTarget);
        }}
        onPointerLeave={(e: PointerEvent) => {
          if (e.pointerType !== 'touch') setTrigger((t) => (t === 'hover' ? null : t));
        }}
        onPointerDown={(e: PointerEvent<HTMLButtonElement>) => {
          if (e.pointerType === 'touch') want('touch', e.currentTarget);
        }}
        onPointerUp={(e: PointerEvent) => {
          if (e.pointerType === 'touch') setTrigger(null);
        }}
        onPointerCancel={() => setTrigger(null)}
        onFocus={(e: FocusEvent<HTMLButtonElement>) => {
          if (focusVisible(e.currentTarget)) want('focus', e.currentTarget);
        }}
        onBlur={() => setTrigger(null)}
      >
        <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path d={isBookmarked ? FILLED : OUTLINE} />
        </svg>
      </button>
      {tipAnchor ? <ButtonTooltip anchor={tipAnchor} title={label} trigger={trigger} onDismiss={() => setTrigger(null)} /> : null}
      {bookmark && managing ? (
        <Suspense fallback={null}>
          <ManageBookmarkDialog bookmark={bookmark} onClose={() => setManaging(false)} />
        </Suspense>
      ) : null}
    </>
  );
}

function focusVisible(el: Element): boolean {
  try {
    return el.matches(':focus-visible');
  } catch {
    // A browser without :focus-visible: show the tooltip on any focus.
    return true;
  }
}

// As MUI's tooltips do: right after one closed, the next one opens without the delay.
const HYSTERESIS_MS = 800;
const TOUCH_ENTER_MS = 700;
const TOUCH_LEAVE_MS = 1500;
let lastClosedAt = -Infinity;

/**
 * The MUI tooltip for the button, anchored to it. Its child is an empty hidden span: wrapping the
 * button itself would mount a new button when the tooltip arrives, and lose the focus.
 */
function ButtonTooltip({ anchor, title, trigger, onDismiss }: { anchor: HTMLElement; title: string; trigger: Trigger | null; onDismiss: () => void }) {
  const theme = useTheme();
  const enterDelay = theme.components?.MuiTooltip?.defaultProps?.enterDelay ?? 100;
  const [open, setOpen] = useState(false);
  const lastTrigger = useRef<Trigger | null>(null);

  useEffect(() => {
    if (trigger) {
      lastTrigger.current = trigger;
      const delay = trigger === 'touch' ? TOUCH_ENTER_MS : performance.now() - lastClosedAt < HYSTERESIS_MS ? 0 : enterDelay;
      const timer = window.setTimeout(() => setOpen(true), delay);
      return () => window.clearTimeout(timer);
    }
    const timer = window.setTimeout(
      () => {
        setOpen((wasOpen) => {
          if (wasOpen) lastClosedAt = performance.now();
          return false;
        });
      },
      lastTrigger.current === 'touch' ? TOUCH_LEAVE_MS : 0,
    );
    return () => window.clearTimeout(timer);
  }, [trigger, enterDelay]);

  return (
    <Tooltip
      title={title}
      open={open}
      onClose={onDismiss}
      disableHoverListener
      disableFocusListener
      disableTouchListener
      disableInteractive
      slotProps={{ popper: { anchorEl: anchor } }}
    >
      <span hidden />
    </Tooltip>
  );
}
