import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { PageHeader } from '../src/components/PageHeader';

const LONG = 'A very long title for an image that somebody generated with far too many words in its prompt text';

describe('PageHeader', () => {
  it('shows a heading whole by default, however long, with the tab title the same', async () => {
    render(<PageHeader title={LONG} />);
    const h1 = screen.getByRole('heading', { level: 1 });
    expect(h1.textContent).toBe(LONG);
    expect(h1.getAttribute('aria-label')).toBeNull();
    await waitFor(() => expect(document.title).toBe(`${LONG} · Genonaut`));
  });

  it('cuts a longer heading to maxTitleLength characters, the full text in a tooltip and the accessible name; the tab title stays whole', async () => {
    render(<PageHeader title={LONG} maxTitleLength={70} />);
    const h1 = screen.getByRole('heading', { level: 1 });
    expect(h1.textContent).toHaveLength(70);
    expect(h1.textContent).toBe(`${LONG.slice(0, 69)}…`);
    expect(h1.getAttribute('aria-label')).toBe(LONG);
    await waitFor(() => expect(document.title).toBe(`${LONG} · Genonaut`));
    fireEvent.mouseOver(h1);
    expect((await screen.findByRole('tooltip')).textContent).toBe(LONG);
  });

  it('leaves a heading within the limit as it is, without a tooltip', () => {
    const exactly70 = 'x'.repeat(70);
    render(<PageHeader title={exactly70} maxTitleLength={70} />);
    const h1 = screen.getByRole('heading', { level: 1 });
    expect(h1.textContent).toBe(exactly70);
    expect(h1.getAttribute('aria-label')).toBeNull();
  });
});
