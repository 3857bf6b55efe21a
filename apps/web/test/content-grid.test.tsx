import { act, fireEvent, render, screen } from '@testing-library/react';
import { useCallback, useState } from 'react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import { boxRatio, ContentTile, MAX_PICTURE_RATIO, pictureRatio, type TileItem } from '../src/components/ContentTile';
import { VirtualContentGrid } from '../src/features/content/components/VirtualContentGrid';

const item = (id: number, width?: number, height?: number): TileItem => ({
  id,
  title: `Item ${id}`,
  created_at: '2026-10-29T02:30:48',
  item_metadata: width && height ? { width, height } : null,
});

describe('picture shape', () => {
  it('follows the generated size, between 2:1 landscape and 2:3 portrait', () => {
    expect(pictureRatio(item(1, 832, 1216))).toBeCloseTo(1216 / 832);
    expect(pictureRatio(item(2, 1024, 1024))).toBe(1);
    expect(pictureRatio(item(3, 1216, 832))).toBeCloseTo(832 / 1216);
    expect(pictureRatio(item(4, 2048, 512))).toBe(0.5);
    expect(pictureRatio(item(5, 512, 2048))).toBe(MAX_PICTURE_RATIO);
  });

  it('falls back to the 2:3 box without usable metadata', () => {
    expect(pictureRatio(item(1))).toBe(MAX_PICTURE_RATIO);
    expect(pictureRatio({ item_metadata: { width: 'wide', height: 0 } })).toBe(MAX_PICTURE_RATIO);
    expect(boxRatio(0, 0)).toBe(MAX_PICTURE_RATIO);
  });
});

describe('ContentTile', () => {
  const renderTile = (i: TileItem) =>
    render(
      <MemoryRouter>
        <ContentTile item={i} size="s" to={`/view/${i.id}`} />
      </MemoryRouter>,
    );

  it('sizes its picture box from the item, not from the row around it', () => {
    renderTile(item(7, 1216, 832));
    const link = screen.getByRole('link', { name: 'Item 7' });
    expect(link.style.aspectRatio).toBe(`1 / ${832 / 1216}`);
    expect(screen.getByTestId('gallery-tile').style.height).toBe('');
  });

  it('takes the loaded picture’s own shape when the metadata was wrong', () => {
    renderTile(item(8, 1024, 1024));
    const link = screen.getByRole('link', { name: 'Item 8' });
    const img = link.querySelector('img') as HTMLImageElement;
    expect(img.getAttribute('decoding')).toBe('async');
    Object.defineProperty(img, 'naturalWidth', { value: 300 });
    Object.defineProperty(img, 'naturalHeight', { value: 171 });
    fireEvent.load(img);
    expect(link.style.aspectRatio).toBe(`1 / ${171 / 300}`);
  });
});

describe('VirtualContentGrid', () => {
  const items = Array.from({ length: 400 }, (_, i) => item(i + 1, 832, 1216));
  const keyOf = (i: TileItem) => i.id;

  function Harness({ calls, onReachEnd }: { calls: number[]; onReachEnd: () => void }) {
    const [, setTick] = useState(0);
    const renderTile = useCallback(
      (i: TileItem) => {
        calls.push(i.id);
        return <span data-testid="cell">{i.id}</span>;
      },
      [calls],
    );
    return (
      <>
        <button onClick={() => setTick((t) => t + 1)}>rerender</button>
        <VirtualContentGrid items={items} view="list" size="s" getKey={keyOf} renderTile={renderTile} renderRow={renderTile} onReachEnd={onReachEnd} />
      </>
    );
  }

  it('renders a window of the items, and a new row only as it scrolls in', async () => {
    const calls: number[] = [];
    let reachedEnd = 0;
    render(<Harness calls={calls} onReachEnd={() => (reachedEnd += 1)} />);
    const first = screen.getAllByTestId('cell').map((c) => Number(c.textContent));
    expect(first[0]).toBe(1);
    expect(first.length).toBeGreaterThan(3);
    expect(first.length).toBeLessThan(40);
    expect(reachedEnd).toBe(0);

    // A parent render with the same props renders no cell again.
    calls.length = 0;
    fireEvent.click(screen.getByText('rerender'));
    expect(calls).toEqual([]);

    // Scrolling by two rows (116 px each) renders only the rows that came in.
    await act(async () => {
      window.scrollY = 2 * 116;
      window.dispatchEvent(new Event('scroll'));
      await new Promise((r) => setTimeout(r, 0));
    });
    const after = screen.getAllByTestId('cell').map((c) => Number(c.textContent));
    expect(after.at(-1)).toBeGreaterThan(first.at(-1) as number);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((id) => !first.includes(id))).toBe(true);

    // Near the end of what is loaded, the next page is asked for ahead of time.
    await act(async () => {
      window.scrollY = 400 * 116 - 2000;
      window.dispatchEvent(new Event('scroll'));
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(reachedEnd).toBeGreaterThan(0);
  });
});
