import { fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import { TagPicker } from '../src/components/TagPicker';
import { searchTags, type FlatTag } from '../src/lib/tag-tree';

const TAGS: FlatTag[] = [
  { id: 'style', name: 'Style', parent: null },
  { id: 'paint', name: 'Painting', parent: 'style' },
  { id: 'water', name: 'Watercolor', parent: 'paint' },
  { id: 'oil', name: 'Oil paint', parent: 'paint' },
  { id: 'subject', name: 'Subject', parent: null },
  { id: 'neon', name: 'Neon city', parent: 'subject' },
];

function Harness({ initial = [] as string[] }) {
  const [selected, setSelected] = useState<string[]>(initial);
  const [match, setMatch] = useState<'all' | 'any'>('all');
  return (
    <MemoryRouter>
      <TagPicker nodes={TAGS} selected={selected} onChange={setSelected} match={match} onMatchChange={setMatch} />
      <output data-testid="state">{`${selected.join('|')};${match}`}</output>
    </MemoryRouter>
  );
}

describe('tag search', () => {
  it('matches word prefixes, or an exact substring in quotes', () => {
    expect(searchTags(TAGS, 'pai').map((t) => t.name)).toEqual(['Oil paint', 'Painting']);
    expect(searchTags(TAGS, 'ne ci').map((t) => t.name)).toEqual(['Neon city']);
    expect(searchTags(TAGS, 'ity').map((t) => t.name)).toEqual([]);
    expect(searchTags(TAGS, '"ity"').map((t) => t.name)).toEqual(['Neon city']);
  });
});

describe('TagPicker', () => {
  it('browses from the roots down and selects with a click', () => {
    render(<Harness />);
    const options = () => screen.getAllByTestId('tag-picker-option').map((o) => o.textContent);
    expect(options()).toEqual(['Style', 'Subject']);
    fireEvent.click(screen.getAllByTestId('tag-picker-drill')[0] as HTMLElement);
    expect(options()).toHaveLength(1);
    expect(options()[0]).toMatch(/^Painting/);
    fireEvent.click(screen.getAllByTestId('tag-picker-option')[0] as HTMLElement);
    expect(screen.getByTestId('state').textContent).toBe('Painting;all');
  });

  it('finds tags anywhere in the tree with their path, and toggles them', () => {
    render(<Harness />);
    fireEvent.change(screen.getByTestId('tag-picker-search'), { target: { value: 'water' } });
    const option = screen.getByTestId('tag-picker-option');
    expect(option.textContent).toContain('Watercolor');
    expect(option.textContent).toContain('Style › Painting');
    fireEvent.click(option);
    expect(screen.getByTestId('state').textContent).toBe('Watercolor;all');
    fireEvent.click(screen.getByTestId('tag-picker-option'));
    expect(screen.getByTestId('state').textContent).toBe(';all');
  });

  it('offers all/any only with several tags, and removes chips and clears', () => {
    render(<Harness initial={['Watercolor']} />);
    expect(screen.queryByTestId('tag-match-any')).toBeNull();
    fireEvent.change(screen.getByTestId('tag-picker-search'), { target: { value: 'neon' } });
    fireEvent.click(screen.getByTestId('tag-picker-option'));
    fireEvent.click(screen.getByTestId('tag-match-any'));
    expect(screen.getByTestId('state').textContent).toBe('Watercolor|Neon city;any');
    const chip = screen.getAllByTestId('tag-picker-selected-chip')[0] as HTMLElement;
    fireEvent.click(within(chip).getByTestId('CancelIcon'));
    expect(screen.getByTestId('state').textContent).toBe('Neon city;any');
    fireEvent.click(screen.getByTestId('tag-picker-clear'));
    expect(screen.getByTestId('state').textContent).toBe(';any');
  });

  it('says so when nothing matches', () => {
    render(<Harness />);
    fireEvent.change(screen.getByTestId('tag-picker-search'), { target: { value: 'zzz' } });
    expect(screen.getByTestId('tag-picker-empty').textContent).toBe('No tags match.');
  });
});
