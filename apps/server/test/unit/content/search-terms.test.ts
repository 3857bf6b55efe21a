import { describe, expect, it } from 'vitest';
import { MAX_SEARCH_TERMS, parseSearchTerms } from '../../../src/modules/content/unified.search.ts';
import { decodeUnifiedCursor, encodeUnifiedCursor } from '../../../src/modules/content/unified.cursor.ts';

describe('gallery search syntax (spec §5.1)', () => {
  it('splits words on whitespace', () => {
    expect(parseSearchTerms('cat  dog\tbird')).toEqual(['cat', 'dog', 'bird']);
  });
  it('keeps quoted phrases whole and trimmed', () => {
    expect(parseSearchTerms('"black cat" dog')).toEqual(['black cat', 'dog']);
    expect(parseSearchTerms('"my cat" "my dog"')).toEqual(['my cat', 'my dog']);
    expect(parseSearchTerms('"  spaced  out  "')).toEqual(['spaced  out']);
  });
  it('drops empty phrases and blank input', () => {
    expect(parseSearchTerms('"" cat ""')).toEqual(['cat']);
    expect(parseSearchTerms('   ')).toEqual([]);
    expect(parseSearchTerms(undefined)).toEqual([]);
  });
  it('unescapes \\" inside a phrase', () => {
    expect(parseSearchTerms('"say \\"hi\\" now"')).toEqual(['say "hi" now']);
  });
  it('treats an unmatched quote as a literal character', () => {
    expect(parseSearchTerms('cat "dog')).toEqual(['cat', '"dog']);
    expect(parseSearchTerms('5" screen')).toEqual(['5"', 'screen']);
  });
  it('a phrase next to a word splits them', () => {
    expect(parseSearchTerms('neon"city lights"x')).toEqual(['neon', 'city lights', 'x']);
  });
  it('de-duplicates case-insensitively and caps the number of terms', () => {
    expect(parseSearchTerms('Cat cat CAT dog')).toEqual(['Cat', 'dog']);
    const many = Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ');
    expect(parseSearchTerms(many)).toHaveLength(MAX_SEARCH_TERMS);
  });
});

describe('gallery cursor (spec §3.4.1, extended)', () => {
  it('is byte-compatible with the original under created_at', () => {
    const c = encodeUnifiedCursor('created_at', { id: 42, source_type: 'items', ts: '2025-10-01T12:34:56.123456', key: '2025-10-01T12:34:56.123456' });
    const json = Buffer.from(c, 'base64url').toString('utf8');
    expect(json).toBe('{"id": 42, "src": "items", "ts": "2025-10-01T12:34:56.123456"}');
    expect(c.length % 4).toBe(0);
    expect(decodeUnifiedCursor(c, 'created_at')).toMatchObject({ id: 42, src: 'items', ts: '2025-10-01T12:34:56.123456' });
  });
  it('carries the sort key under other sorts and refuses a cursor of another sort', () => {
    const q = encodeUnifiedCursor('quality_score', { id: 7, source_type: 'auto', ts: '2025-01-01T00:00:00', key: 0.25 });
    expect(Buffer.from(q, 'base64url').toString('utf8')).toBe('{"id": 7, "k": 0.25, "src": "auto", "ts": "2025-01-01T00:00:00"}');
    expect(decodeUnifiedCursor(q, 'quality_score').k).toBe(0.25);
    expect(() => decodeUnifiedCursor(q, 'title')).toThrow(/Invalid cursor/);
    const created = encodeUnifiedCursor('created_at', { id: 7, source_type: 'auto', ts: '2025-01-01T00:00:00', key: '' });
    expect(() => decodeUnifiedCursor(created, 'quality_score')).toThrow(/Invalid cursor/);
  });
  it('rejects garbage', () => {
    for (const bad of ['', 'abc', Buffer.from('{"id": "x", "src": "items", "ts": "2025-01-01T00:00:00"}').toString('base64url'), Buffer.from('{"id": 1, "src": "regular", "ts": "2025-01-01T00:00:00"}').toString('base64url'), Buffer.from('{"id": 1, "src": "items", "ts": "yesterday"}').toString('base64url')]) {
      expect(() => decodeUnifiedCursor(bad, 'created_at')).toThrow(/Invalid cursor/);
    }
  });
});
