import { readFileSync } from 'node:fs';

/**
 * The flagging engine: pure functions from text to problem-word metrics and a 0–100 risk score.
 *
 * Risk score (rounded to 2 decimals, capped at 100), with w = the category weight of each matched
 * word (0..1; a word listed in several categories counts with its highest weight):
 *
 *   0.4 × min(Σw over occurrences ÷ tokens × 100, 100)
 * + 0.3 × min(Σw over occurrences ÷ 10, 1) × 100
 * + 0.3 × min(Σw over distinct words ÷ 5, 1) × 100
 *
 * With every weight 1 this is the original's formula (density, volume, variety), so
 * "Create a scene with one violence incident" scores 14.71 and
 * "violence hatred weapon combat destruction" 85. Weights below 1 let a milder category add less.
 */

export interface FlagCategory {
  label: string;
  weight: number;
  words: string[];
}

export interface Lexicon {
  /** word → its categories (ordered as in the file). */
  readonly categoriesOf: ReadonlyMap<string, readonly string[]>;
  /** word → the highest weight among its categories. */
  readonly weightOf: ReadonlyMap<string, number>;
  readonly categories: Readonly<Record<string, FlagCategory>>;
}

export interface FlagAnalysis {
  totalWords: number;
  /** Occurrences of listed words, duplicates included. */
  problemWords: number;
  /** Distinct listed words, sorted. */
  flaggedWords: string[];
  /** problemWords ÷ totalWords × 100, 2 decimals. */
  problemPercentage: number;
  riskScore: number;
  /** Occurrences per category (only categories that matched). */
  categoryCounts: Record<string, number>;
  shouldFlag: boolean;
}

export class LexiconError extends Error {
  override name = 'LexiconError';
}

/** Builds a lexicon from `{ categories: { name: { label, weight, words } } }`. */
export function buildLexicon(data: unknown): Lexicon {
  const categories = (data as { categories?: unknown } | null)?.categories;
  if (!categories || typeof categories !== 'object') throw new LexiconError('word list has no "categories" object');
  const categoriesOf = new Map<string, string[]>();
  const weightOf = new Map<string, number>();
  const clean: Record<string, FlagCategory> = {};
  for (const [name, raw] of Object.entries(categories as Record<string, unknown>)) {
    const c = raw as Partial<FlagCategory>;
    const weight = Number(c.weight ?? 1);
    if (!(weight > 0 && weight <= 1)) throw new LexiconError(`category ${name}: weight must be in (0, 1]`);
    if (!Array.isArray(c.words)) throw new LexiconError(`category ${name}: "words" must be a list`);
    const words: string[] = [];
    for (const w of c.words) {
      const word = String(w).trim().toLowerCase();
      if (!word) continue;
      if (!/^[a-z0-9]+$/.test(word)) throw new LexiconError(`category ${name}: "${word}" is not a single token`);
      words.push(word);
      categoriesOf.set(word, [...(categoriesOf.get(word) ?? []), name]);
      weightOf.set(word, Math.max(weightOf.get(word) ?? 0, weight));
    }
    clean[name] = { label: String(c.label ?? name), weight, words };
  }
  if (weightOf.size === 0) throw new LexiconError('word list is empty');
  return { categoriesOf, weightOf, categories: clean };
}

let defaultLexicon: Lexicon | undefined;

/** The lexicon shipped next to this file (`flag-words.json`), loaded once. */
export function loadDefaultLexicon(): Lexicon {
  defaultLexicon ??= buildLexicon(JSON.parse(readFileSync(new URL('./flag-words.json', import.meta.url), 'utf8')));
  return defaultLexicon;
}

/** Lower-cased maximal runs of ASCII letters and digits. */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function analyzeText(text: string, lexicon: Lexicon): FlagAnalysis {
  const tokens = tokenize(text);
  let problemWords = 0;
  let weighted = 0;
  const distinct = new Set<string>();
  const categoryCounts: Record<string, number> = {};
  for (const token of tokens) {
    const weight = lexicon.weightOf.get(token);
    if (weight === undefined) continue;
    problemWords++;
    weighted += weight;
    distinct.add(token);
    for (const c of lexicon.categoriesOf.get(token) ?? []) categoryCounts[c] = (categoryCounts[c] ?? 0) + 1;
  }
  const flaggedWords = [...distinct].sort();
  const weightedDistinct = flaggedWords.reduce((sum, w) => sum + (lexicon.weightOf.get(w) ?? 0), 0);
  return {
    totalWords: tokens.length,
    problemWords,
    flaggedWords,
    problemPercentage: tokens.length === 0 ? 0 : round2((problemWords / tokens.length) * 100),
    riskScore: riskScore(tokens.length, weighted, weightedDistinct),
    categoryCounts,
    shouldFlag: problemWords > 0,
  };
}

/** See the module comment. Zero tokens score 0. */
export function riskScore(totalWords: number, weightedOccurrences: number, weightedDistinct: number): number {
  if (totalWords === 0) return 0;
  const density = Math.min((weightedOccurrences / totalWords) * 100, 100);
  const volume = Math.min(weightedOccurrences / 10, 1) * 100;
  const variety = Math.min(weightedDistinct / 5, 1) * 100;
  return Math.min(100, round2(0.4 * density + 0.3 * volume + 0.3 * variety));
}

/** Risk bands shown in the admin UI. */
export function riskBand(score: number): 'low' | 'medium' | 'high' | 'critical' {
  if (score <= 25) return 'low';
  if (score <= 50) return 'medium';
  if (score <= 75) return 'high';
  return 'critical';
}
