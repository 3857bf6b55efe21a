import { describe, expect, it } from 'vitest';
import { matchesSearch, normalizeSearch, tokenizeSearch } from '../src/lib/search-query';

describe('search tokenizer', () => {
  it('splits words on whitespace', () => {
    expect(tokenizeSearch('  cat   dog\tbird ')).toEqual([
      { kind: 'word', text: 'cat' },
      { kind: 'word', text: 'dog' },
      { kind: 'word', text: 'bird' },
    ]);
  });

  it('keeps quoted phrases whole and trims them', () => {
    expect(tokenizeSearch('"black cat" dog "  my  dog "')).toEqual([
      { kind: 'phrase', text: 'black cat' },
      { kind: 'word', text: 'dog' },
      { kind: 'phrase', text: 'my  dog' },
    ]);
  });

  it('reads \\" inside a phrase as a quote, drops empty phrases, keeps an unmatched quote literally', () => {
    expect(tokenizeSearch('"say \\"hi\\"" ""')).toEqual([{ kind: 'phrase', text: 'say "hi"' }]);
    expect(tokenizeSearch('it"s open')).toEqual([
      { kind: 'word', text: 'it"s' },
      { kind: 'word', text: 'open' },
    ]);
  });

  it('ends a word at a phrase that follows it directly', () => {
    expect(tokenizeSearch('cat"black dog"')).toEqual([
      { kind: 'word', text: 'cat' },
      { kind: 'phrase', text: 'black dog' },
    ]);
  });

  it('normalises spelling and matches every term (AND), case-insensitively', () => {
    expect(normalizeSearch('  "Black  Cat"   dog ')).toBe('"Black  Cat" dog');
    const terms = tokenizeSearch('"black cat" DOG');
    expect(matchesSearch('A black cat and a dog', terms)).toBe(true);
    expect(matchesSearch('A black dog and a cat', terms)).toBe(false);
  });
});
