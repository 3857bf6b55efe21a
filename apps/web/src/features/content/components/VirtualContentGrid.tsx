import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useLayoutEffect, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import { maxTileHeight } from '../../../components/ContentTile';
import { THUMB_SIZES, type ThumbSize } from '../../../lib/thumb-sizes';

interface Props<T> {
  items: T[];
  view: 'grid' | 'list';
  size: ThumbSize;
  /** Keep these three stable (module level, useCallback): a new function re-renders every row on screen. */
  getKey: (item: T) => string | number;
  renderTile: (item: T) => ReactNode;
  renderRow: (item: T) => ReactNode;
  /** Called when the end of the loaded items comes near (fetch the next page). */
  onReachEnd?: () => void;
  /** Called with the index of the first visible item once scrolling pauses (to keep the URL's page current). */
  onFirstVisible?: (index: number) => void;
}

const GAP = 12;
const ROW_HEIGHT = 104;
/** Ask for the next page while at least this many screens of loaded rows are still ahead. */
const FETCH_AHEAD_SCREENS = 3;

/**
 * Only the rows on screen (plus a few) exist in the DOM, so thousands of loaded items scroll like a
 * handful. Every row has the same height, computed from the column width, so nothing is measured;
 * a tile inside a row keeps its own height (aligned to the top) instead of stretching. Columns
 * follow the container width and the chosen thumbnail size (auto-fill).
 */
export function VirtualContentGrid<T>({ items, view, size, getKey, renderTile, renderRow, onReachEnd, onFirstVisible }: Props<T>) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [offset, setOffset] = useState(0);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      setWidth(el.clientWidth);
      setOffset(el.getBoundingClientRect().top + window.scrollY);
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const tile = THUMB_SIZES[size];
  const columns = view === 'list' ? 1 : Math.max(1, Math.floor((width + GAP) / (tile.width + GAP)));
  const columnWidth = view === 'list' ? width : (width - GAP * (columns - 1)) / columns;
  const rowHeight = view === 'list' ? ROW_HEIGHT : maxTileHeight(columnWidth);
  const rowCount = Math.ceil(items.length / columns);

  const virtualizer = useWindowVirtualizer({
    count: rowCount,
    estimateSize: () => rowHeight + GAP,
    overscan: 2,
    scrollMargin: offset,
  });

  useEffect(() => {
    virtualizer.measure();
  }, [rowHeight, columns, virtualizer]);

  const virtualRows = virtualizer.getVirtualItems();
  const isScrolling = virtualizer.isScrolling;
  const lastRow = virtualRows[virtualRows.length - 1]?.index ?? -1;
  const scrollTop = (virtualizer.scrollOffset ?? 0) - offset;
  const firstRow = virtualRows.find((r) => r.start - offset + r.size > scrollTop + 64)?.index ?? virtualRows[0]?.index ?? 0;
  const viewport = typeof window === 'undefined' ? 900 : window.innerHeight;
  const aheadRows = Math.max(2, Math.ceil((FETCH_AHEAD_SCREENS * viewport) / (rowHeight + GAP)));

  useEffect(() => {
    if (rowCount > 0 && lastRow >= rowCount - aheadRows) onReachEnd?.();
  }, [lastRow, rowCount, aheadRows, onReachEnd]);
  // Reported once the scroll pauses: rewriting the URL re-renders the page around the grid, which
  // would cost a frame at every page boundary while scrolling.
  useEffect(() => {
    if (!isScrolling) onFirstVisible?.(firstRow * columns);
  }, [isScrolling, firstRow, columns, onFirstVisible]);

  return (
    <div ref={ref} style={{ position: 'relative', width: '100%', height: virtualizer.getTotalSize() }} data-testid="gallery-grid" data-view={view} data-columns={columns} role="list">
      {virtualRows.map((row) => (
        <GridRow
          key={row.key}
          items={items}
          start={row.index * columns}
          columns={columns}
          top={row.start - offset}
          height={rowHeight}
          list={view === 'list'}
          getKey={getKey}
          render={view === 'list' ? renderRow : renderTile}
        />
      ))}
    </div>
  );
}

interface RowProps<T> {
  items: T[];
  start: number;
  columns: number;
  top: number;
  height: number;
  list: boolean;
  getKey: (item: T) => string | number;
  render: (item: T) => ReactNode;
}

/**
 * One row of the window. Memoised: a scroll that brings a new row in renders that row only.
 * Inline styles, not sx: each row has its own offset, and a generated class per offset would add a
 * stylesheet rule (and a style recalculation of the page) for every row scrolled into view.
 */
const GridRow = memo(function GridRow<T>({ items, start, columns, top, height, list, getKey, render }: RowProps<T>) {
  const style: CSSProperties = {
    position: 'absolute',
    top: 0,
    left: 0,
    width: '100%',
    height,
    transform: `translateY(${top}px)`,
    display: 'grid',
    gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`,
    gap: GAP,
    // Tiles keep their own height; list rows fill theirs.
    alignItems: list ? 'stretch' : 'start',
    // The row's size is fixed and nothing inside it affects the page: layout stays inside.
    contain: 'size layout style',
  };
  return (
    <div style={style}>
      {items.slice(start, start + columns).map((item) => (
        <div key={getKey(item)} role="listitem" style={list ? LIST_CELL : GRID_CELL}>
          {render(item)}
        </div>
      ))}
    </div>
  );
}) as <T>(props: RowProps<T>) => ReactNode;

const GRID_CELL: CSSProperties = { minWidth: 0 };
const LIST_CELL: CSSProperties = { minWidth: 0, height: '100%' };
