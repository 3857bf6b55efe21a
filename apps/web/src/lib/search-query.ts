/**
 * The content search syntax (the API's `search_term`): double-quoted segments are phrases,
 * `\"` inside a phrase is a literal quote, everything else splits on whitespace into words; an
 * unmatched quote stays a literal character. Every term must match (AND).
 */
export interface SearchTerm {
  kind: 'word' | 'phrase';
  text: string;
}

export function tokenizeSearch(input: string): SearchTerm[] {
  const terms: SearchTerm[] = [];
  let word = '';
  const flushWord = () => {
    if (word) terms.push({ kind: 'word', text: word });
    word = '';
  };
  let i = 0;
  while (i < input.length) {
    const ch = input[i] as string;
    if (ch === '"') {
      // Find the closing quote, skipping escaped ones.
      let j = i + 1;
      let phrase = '';
      let closed = false;
      while (j < input.length) {
        const c = input[j] as string;
        if (c === '\\' && input[j + 1] === '"') {
          phrase += '"';
          j += 2;
          continue;
        }
        if (c === '"') {
          closed = true;
          break;
        }
        phrase += c;
        j += 1;
      }
      if (closed) {
        flushWord();
        const trimmed = phrase.trim();
        if (trimmed) terms.push({ kind: 'phrase', text: trimmed });
        i = j + 1;
        continue;
      }
      word += ch;
      i += 1;
      continue;
    }
    if (/\s/.test(ch)) flushWord();
    else word += ch;
    i += 1;
  }
  flushWord();
  return terms;
}

/** Canonical text of a query: the same terms in a stable spelling (for history and the URL). */
export function normalizeSearch(input: string): string {
  return tokenizeSearch(input)
    .map((t) => (t.kind === 'phrase' ? `"${t.text.replace(/"/g, '\\"')}"` : t.text))
    .join(' ');
}

/** Whether a text matches every term, case-insensitively (client-side filters use the same rules). */
export function matchesSearch(text: string, terms: SearchTerm[]): boolean {
  const hay = text.toLowerCase();
  return terms.every((t) => hay.includes(t.text.toLowerCase()));
}
