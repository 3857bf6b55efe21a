import { Box } from '@mui/material';
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { THUMB_SIZES, type ThumbSize } from '../../../lib/thumb-sizes';

interface Props<T> {
  items: T[];
  view: 'grid' | 'list';
  size: ThumbSize;
  getKey: (item: T) => string | number;
  renderTile: (item: T) => ReactNode;
  renderRow: (item: T) => ReactNode;
  /** Called when the last rows come into view. */
  onReachEnd?: () => void;
  /** Called with the index of the first visible item (to keep the URL's page current). */
  onFirstVisible?: (index: number) => void;
}

const GAP = 12;
const CAPTION = 52;
const ROW_HEIGHT = 104;

/**
 * Only the rows on screen exist in the DOM, so thousands of loaded items scroll like a handful.
 * Columns follow the container width and the chosen thumbnail size (auto-fill).
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
  const rowHeight = view === 'list' ? ROW_HEIGHT : Math.round(columnWidth * (tile.height / tile.width)) + CAPTION;
  const rowCount = Math.ceil(items.length / columns);

  const virtualizer = useWindowVirtualizer({
    count: rowCount,
    estimateSize: () => rowHeight + GAP,
    overscan: 3,
    scrollMargin: offset,
  });

  useEffect(() => {
    virtualizer.measure();
  }, [rowHeight, columns, virtualizer]);

  const virtualRows = virtualizer.getVirtualItems();
  const lastRow = virtualRows[virtualRows.length - 1]?.index ?? -1;
  const firstRow = virtualRows.find((r) => r.start + r.size > window.scrollY - offset + 64)?.index ?? virtualRows[0]?.index ?? 0;

  useEffect(() => {
    if (rowCount > 0 && lastRow >= rowCount - 2) onReachEnd?.();
  }, [lastRow, rowCount, onReachEnd]);
  useEffect(() => {
    onFirstVisible?.(firstRow * columns);
  }, [firstRow, columns, onFirstVisible]);

  return (
    <Box ref={ref} sx={{ position: 'relative', width: '100%', height: virtualizer.getTotalSize() }} data-testid="gallery-grid" data-view={view} data-columns={columns} role="list">
      {virtualRows.map((row) => {
        const start = row.index * columns;
        const rowItems = items.slice(start, start + columns);
        return (
          <Box
            key={row.key}
            sx={{
              position: 'absolute',
              top: 0,
              left: 0,
              width: '100%',
              height: rowHeight,
              transform: `translateY(${row.start - virtualizer.options.scrollMargin}px)`,
              display: 'grid',
              gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`,
              gap: `${GAP}px`,
            }}
          >
            {rowItems.map((item) => (
              <Box key={getKey(item)} role="listitem" sx={{ minWidth: 0, height: rowHeight }}>
                {view === 'list' ? renderRow(item) : renderTile(item)}
              </Box>
            ))}
          </Box>
        );
      })}
    </Box>
  );
}
