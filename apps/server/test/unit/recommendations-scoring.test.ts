import { describe, expect, it } from 'vitest';
import {
  RECOMMENDER_VERSION,
  WEIGHTS,
  cooccurrence,
  rankCandidates,
  tagSimilarity,
  type CandidateFeatures,
} from '../../src/modules/recommendations/recommendations.scoring.ts';

const cand = (id: number, f: Partial<CandidateFeatures> = {}): CandidateFeatures => ({
  contentItemId: id,
  source: 'items',
  coRaw: 0,
  positiveUsers: 0,
  tagDot: 0,
  tagCount: 0,
  quality: 0,
  ...f,
});

describe('recommender scoring', () => {
  it('tag similarity is the cosine of profile and tag set, bounded to [-1, 1]', () => {
    // profile {a: 3, b: 4} (norm 5); item tagged {a, b}: dot 7 / (sqrt 2 · 5)
    expect(tagSimilarity(7, 2, 5)).toBeCloseTo(7 / (Math.SQRT2 * 5), 10);
    expect(tagSimilarity(5, 1, 5)).toBe(1);
    expect(tagSimilarity(-5, 1, 5)).toBe(-1);
    expect(tagSimilarity(3, 0, 5)).toBe(0);
    expect(tagSimilarity(3, 2, 0)).toBe(0);
  });

  it('co-occurrence divides by the square root of the candidate\'s fan count', () => {
    expect(cooccurrence(2, 4)).toBe(1);
    expect(cooccurrence(2, 0)).toBe(2);
    expect(cooccurrence(0, 9)).toBe(0);
    expect(cooccurrence(-1, 9)).toBe(0);
  });

  it('ranks co-liked and tag-similar items above unrelated ones, with the documented weights', () => {
    const ranked = rankCandidates(
      [
        cand(1, { quality: 0.9 }), // unrelated but high quality
        cand(2, { coRaw: 2, positiveUsers: 4, quality: 0.5 }), // co-liked: cooc 1 (the max)
        cand(3, { tagDot: 5, tagCount: 1, quality: 0.5 }), // perfect tag match
        cand(4, { coRaw: 1, positiveUsers: 4, tagDot: 5, tagCount: 1, quality: 0 }), // half cooc + tags
      ],
      { profileNorm: 5, hasSignal: true, limit: 10 },
    );
    const w = WEIGHTS.personalised;
    const byId = Object.fromEntries(ranked.map((r) => [r.contentItemId, r]));
    expect(byId[2].score).toBeCloseTo(w.cooccurrence + w.quality * 0.5, 4);
    expect(byId[3].score).toBeCloseTo(w.tags + w.quality * 0.5, 4);
    expect(byId[4].score).toBeCloseTo(w.cooccurrence * 0.5 + w.tags, 4);
    expect(byId[1].score).toBeCloseTo(w.quality * 0.9, 4);
    expect(ranked.map((r) => r.contentItemId)).toEqual([4, 2, 3, 1]);
    expect(byId[2].reason).toBe('similar_users');
    expect(byId[3].reason).toBe('similar_tags');
    expect(byId[4].components).toEqual({ cooccurrence: 0.5, tag_similarity: 1, quality: 0, popularity: expect.any(Number) });
  });

  it('disliked tags push an item down, never below 0', () => {
    const ranked = rankCandidates([cand(1, { tagDot: -5, tagCount: 1, quality: 1 }), cand(2, { quality: 0 })], {
      profileNorm: 5,
      hasSignal: true,
      limit: 10,
    });
    expect(ranked.map((r) => r.score)).toEqual([0, 0]);
    expect(ranked.find((r) => r.contentItemId === 1)!.components.tag_similarity).toBe(-1);
  });

  it('without co-occurrence evidence, tags and quality share the weight', () => {
    const [top] = rankCandidates([cand(1, { tagDot: 5, tagCount: 1, quality: 1 })], { profileNorm: 5, hasSignal: true, limit: 1 });
    expect(top.score).toBeCloseTo(WEIGHTS.tagsOnly.tags + WEIGHTS.tagsOnly.quality, 6);
  });

  it('cold start ranks by log-scaled popularity blended with quality', () => {
    const ranked = rankCandidates(
      [cand(1, { positiveUsers: 0, quality: 1 }), cand(2, { positiveUsers: 9, quality: 0 }), cand(3, { positiveUsers: 3, quality: 0.2 })],
      { profileNorm: 0, hasSignal: false, limit: 10 },
    );
    expect(ranked.map((r) => r.contentItemId)).toEqual([2, 3, 1]);
    expect(ranked[0].score).toBeCloseTo(WEIGHTS.coldStart.popularity, 4);
    expect(ranked[1].score).toBeCloseTo(WEIGHTS.coldStart.popularity * (Math.log(4) / Math.log(10)) + WEIGHTS.coldStart.quality * 0.2, 4);
    expect(ranked.every((r) => r.reason === 'popular')).toBe(true);
  });

  it('scores stay in [0, 1], ties break by quality then id, and limit applies', () => {
    const ranked = rankCandidates(
      [cand(7, { quality: 0.4 }), cand(5, { quality: 0.4 }), cand(6, { quality: 0.6 }), cand(8, { quality: 5 })],
      { profileNorm: 0, hasSignal: false, limit: 3 },
    );
    expect(ranked).toHaveLength(3);
    expect(ranked.map((r) => r.contentItemId)).toEqual([8, 6, 5]);
    expect(ranked.every((r) => r.score >= 0 && r.score <= 1)).toBe(true);
    expect(rankCandidates([], { profileNorm: 1, hasSignal: true, limit: 5 })).toEqual([]);
  });

  it('names its version', () => {
    expect(RECOMMENDER_VERSION).toMatch(/^[\w.-]{1,50}$/);
  });
});

describe('Nullable (request schemas)', () => {
  it('keeps null as null and values as values under Ajv coercion, for typed and union schemas', async () => {
    const { Ajv } = await import('ajv');
    const { Type } = await import('typebox');
    const { Nullable } = await import('../../src/platform/http/schemas.ts');
    const ajv = new Ajv({ coerceTypes: 'array', useDefaults: true });
    const schema = Type.Object({
      n: Type.Optional(Nullable(Type.Integer({ minimum: 0 }))),
      e: Type.Optional(Nullable(Type.Union([Type.Literal('a'), Type.Literal('b')]))),
    });
    const validate = ajv.compile(schema);
    for (const [input, expected] of [
      [{ n: null, e: null }, { n: null, e: null }],
      [{ n: 0, e: 'a' }, { n: 0, e: 'a' }],
      [{ n: '5', e: 'b' }, { n: 5, e: 'b' }],
    ] as const) {
      const data = structuredClone(input) as Record<string, unknown>;
      expect(validate(data)).toBe(true);
      expect(data).toEqual(expected);
    }
    expect(validate({ n: -1 })).toBe(false);
    expect(validate({ e: 'c' })).toBe(false);
  });
});
