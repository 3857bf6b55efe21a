/**
 * Content search syntax of the unified gallery (spec §5.1):
 * - `"…"` is a phrase; `\"` inside it is a literal quote; phrases are trimmed and `""` is dropped;
 * - text outside quotes splits on whitespace into words;
 * - a quote with no closing partner is an ordinary character of the word it sits in.
 * Every phrase and word must occur (AND) in the title or the prompt, case-insensitively.
 * Duplicates are dropped; at most MAX_SEARCH_TERMS terms are kept (each costs one index probe).
 */
export const MAX_SEARCH_TERMS = 16;

function closingQuote(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\' && text[i + 1] === '"') {
      i++;
      continue;
    }
    if (text[i] === '"') return i;
  }
  return -1;
}

export function parseSearchTerms(input: string | null | undefined): string[] {
  if (!input) return [];
  const terms: string[] = [];
  let word = '';
  const flushWord = () => {
    if (word) terms.push(word);
    word = '';
  };
  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    if (ch === '"') {
      const end = closingQuote(input, i + 1);
      if (end === -1) {
        word += ch;
        continue;
      }
      flushWord();
      const phrase = input.slice(i + 1, end).replace(/\\"/g, '"').trim();
      if (phrase) terms.push(phrase);
      i = end;
    } else if (/\s/.test(ch)) {
      flushWord();
    } else {
      word += ch;
    }
  }
  flushWord();
  const seen = new Set<string>();
  const out: string[] = [];
  for (const t of terms) {
    const key = t.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(t);
  }
  return out.slice(0, MAX_SEARCH_TERMS);
}
