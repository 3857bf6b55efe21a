import { describe, expect, it } from 'vitest';
import { recommendationReason, scorePercent } from '../src/features/recommendations/reason';

describe('recommendation reason and score', () => {
  it("words the recommender's reason codes and humanises unknown ones", () => {
    expect(recommendationReason({ reason: 'similar_users', components: {} })).toBe('Liked by people who like what you like');
    expect(recommendationReason({ reason: 'similar_tags' })).toBe('Shares tags with what you like');
    expect(recommendationReason({ reason: 'popular' })).toBe('Popular with other users');
    expect(recommendationReason({ reason: 'fresh_from_friends' })).toBe('Fresh from friends');
  });

  it('lists the tag names of the demo data form, skipping blanks and non-strings', () => {
    expect(recommendationReason({ algorithm: 'tag-affinity', reasons: ['cats', ' ', 3, 'night'] })).toBe('Matches tags you like: cats, night');
  });

  it('says nothing when the metadata has no readable reason', () => {
    expect(recommendationReason({})).toBeNull();
    expect(recommendationReason(null)).toBeNull();
    expect(recommendationReason({ reason: '  ', reasons: [] })).toBeNull();
  });

  it('shows the 0..1 score as a clamped whole percentage', () => {
    expect(scorePercent(0.734)).toBe(73);
    expect(scorePercent(1)).toBe(100);
    expect(scorePercent(1.2)).toBe(100);
    expect(scorePercent(-0.1)).toBe(0);
    expect(scorePercent(Number.NaN)).toBe(0);
  });
});
