import { describe, expect, it } from 'vitest';
import { LexiconError, analyzeText, buildLexicon, loadDefaultLexicon, riskBand, riskScore, tokenize } from '../../../src/modules/moderation/flagging.ts';

const flat = buildLexicon({
  categories: {
    violence: { label: 'Violence', weight: 1, words: ['violence', 'weapon', 'combat', 'gun', 'destruction'] },
    hate: { label: 'Hate', weight: 1, words: ['hatred'] },
  },
});

describe('flagging engine', () => {
  it('tokenizes into lower-case ASCII letter/digit runs', () => {
    expect(tokenize("A GUN, a gun's  barrel -- k9 x_y")).toEqual(['a', 'gun', 'a', 'gun', 's', 'barrel', 'k9', 'x', 'y']);
    expect(tokenize('')).toEqual([]);
    expect(tokenize('!!! ...')).toEqual([]);
  });

  it('reproduces the verified scores of the original formula when weights are 1', () => {
    expect(analyzeText('Create a scene with one violence incident', flat).riskScore).toBe(14.71);
    expect(analyzeText('violence hatred weapon combat destruction', flat).riskScore).toBe(85);
  });

  it('counts occurrences with duplicates, distinct words sorted, percentage to 2 decimals', () => {
    const a = analyzeText('Gun gun GUN combat and a quiet evening', flat);
    expect(a).toMatchObject({ totalWords: 8, problemWords: 4, flaggedWords: ['combat', 'gun'], problemPercentage: 50, shouldFlag: true });
    expect(a.categoryCounts).toEqual({ violence: 4 });
    // density 50 → 20, volume 4/10 → 12, variety 2/5 → 12
    expect(a.riskScore).toBe(44);
    const third = analyzeText('gun and roses', flat);
    expect(third.problemPercentage).toBe(33.33);
  });

  it('matches whole tokens only: no stemming, plurals or substrings', () => {
    const a = analyzeText('guns gunpowder shotgun weaponry', flat);
    expect(a).toMatchObject({ problemWords: 0, flaggedWords: [], shouldFlag: false, riskScore: 0, problemPercentage: 0 });
  });

  it('scores empty text 0 and caps at 100', () => {
    expect(analyzeText('', flat)).toMatchObject({ totalWords: 0, riskScore: 0, problemPercentage: 0, shouldFlag: false });
    expect(riskScore(0, 3, 3)).toBe(0);
    const heavy = analyzeText(Array(30).fill('violence hatred weapon combat gun').join(' '), flat);
    expect(heavy.riskScore).toBe(100);
    expect(riskScore(1, 50, 50)).toBe(100);
  });

  it('category weights scale the score; a word in two categories uses its highest weight', () => {
    const weighted = buildLexicon({
      categories: {
        mild: { label: 'Mild', weight: 0.5, words: ['blood', 'drug'] },
        severe: { label: 'Severe', weight: 1, words: ['murder', 'drug'] },
      },
    });
    const mild = analyzeText('blood on the floor', weighted);
    const severe = analyzeText('murder on the floor', weighted);
    expect(mild.problemWords).toBe(1);
    expect(mild.riskScore).toBeLessThan(severe.riskScore);
    // blood: density 0.5/4*100=12.5 → 5; volume 0.05 → 1.5; variety 0.1 → 3
    expect(mild.riskScore).toBe(9.5);
    expect(weighted.weightOf.get('drug')).toBe(1);
    expect(analyzeText('drug', weighted).categoryCounts).toEqual({ mild: 1, severe: 1 });
  });

  it('rejects malformed word lists', () => {
    expect(() => buildLexicon({})).toThrow(LexiconError);
    expect(() => buildLexicon({ categories: { a: { weight: 2, words: ['x'] } } })).toThrow(/weight/);
    expect(() => buildLexicon({ categories: { a: { weight: 1, words: ['two words'] } } })).toThrow(/single token/);
    expect(() => buildLexicon({ categories: { a: { weight: 1, words: [] } } })).toThrow(/empty/);
    expect(() => buildLexicon({ categories: { a: { weight: 1 } } })).toThrow(/list/);
  });

  it('ships a default lexicon with weighted categories that flags typical prompts', () => {
    const lex = loadDefaultLexicon();
    expect(Object.keys(lex.categories).length).toBeGreaterThanOrEqual(5);
    for (const c of Object.values(lex.categories)) {
      expect(c.weight).toBeGreaterThan(0);
      expect(c.weight).toBeLessThanOrEqual(1);
      expect(c.words.length).toBeGreaterThan(0);
    }
    expect(analyzeText('a knight with a sword in combat', lex)).toMatchObject({ shouldFlag: true, flaggedWords: ['combat', 'sword'] });
    expect(analyzeText('a serene lake at dawn, oil painting', lex).shouldFlag).toBe(false);
  });

  it('maps scores to UI bands', () => {
    expect([0, 25, 25.01, 50, 51, 75, 75.5, 100].map(riskBand)).toEqual(['low', 'low', 'medium', 'medium', 'high', 'high', 'critical', 'critical']);
  });
});
