import { describe, expect, test } from 'vitest';
import type { GivenAnswer } from '#domain/model';
import { canExtend, extensionAsked, isMidpointReview, lastRatings, lookBackKey, midpointOutcome, ratingsGiven, reviewKey, reviewOrder } from '#domain/reviews';

const said = (role: GivenAnswer['role'], details: GivenAnswer['details']): GivenAnswer => ({
  role,
  answeredAt: '2027-07-01T10:00:00Z',
  outcome: 'rated',
  details,
});

describe('which review it is', () => {
  test('reviews are keyed by month, look backs by the extensions before them', () => {
    expect(reviewKey(6)).toBe('month-6');
    expect(lookBackKey(0)).toBe('final');
    expect(lookBackKey(2)).toBe('final-2');
  });

  test('the mid-point review is the program’s mid-point month; a program may have none', () => {
    expect(isMidpointReview('month-6', 6)).toBe(true);
    expect(isMidpointReview('month-3', 6)).toBe(false);
    expect(isMidpointReview('month-6', null)).toBe(false);
    expect(isMidpointReview('month-6', undefined)).toBe(false);
  });

  test('reviews come in the order of the year: the months, then the look backs, then those after each extension', () => {
    expect(['final-1', 'month-12', 'final', 'month-3', 'month-9'].sort((a, b) => reviewOrder(a) - reviewOrder(b))).toEqual([
      'month-3',
      'month-9',
      'month-12',
      'final',
      'final-1',
    ]);
  });
});

describe('where a goal’s next rating starts', () => {
  test('each at what they said last, by the year’s order, not the order of the keys', () => {
    expect(lastRatings({ 'month-3': { mentee: 2, mentor: 3 }, 'month-12': { mentee: 4 }, 'month-9': { mentee: 3, mentor: 4 } })).toEqual({
      mentee: 4,
      mentor: 4,
    });
  });

  test('one who never rated it has no starting point; nobody rated: none at all', () => {
    expect(lastRatings({ 'month-3': { mentor: 3 } })).toEqual({ mentor: 3 });
    expect(lastRatings(undefined)).toEqual({});
  });
});

describe('the ratings a review’s answers give', () => {
  test('every goal of every mentee rated by mentor and mentee, in order; the overall rating is no goal’s', () => {
    const answers = {
      mentor: said('mentor', { ratings: JSON.stringify({ ana: { 1: 3, 2: 4 }, overall: { 0: 5 } }) }),
      ana: said('mentee', { ratings: JSON.stringify({ ana: { 1: 2 } }) }),
    };
    expect(ratingsGiven(answers)).toEqual({
      ratings: [
        { menteeId: 'ana', goalNo: 1, role: 'mentor', level: 3 },
        { menteeId: 'ana', goalNo: 2, role: 'mentor', level: 4 },
        { menteeId: 'ana', goalNo: 1, role: 'mentee', level: 2 },
      ],
      rated: 2,
    });
  });

  test('an answer without ratings, or a coordinator’s, rates nothing', () => {
    expect(ratingsGiven({ mentor: said('mentor', {}), boss: said('coordinator', { ratings: JSON.stringify({ ana: { 1: 1 } }) }) })).toEqual({
      ratings: [],
      rated: 0,
    });
  });
});

describe('the mid-point review: when the answers end the relationship', () => {
  const goOn = (role: GivenAnswer['role']) => said(role, { continue: 'yes' });
  const stop = (role: GivenAnswer['role']) => said(role, { continue: 'no' });

  test('everyone goes on: nothing ends, nobody leaves', () => {
    expect(midpointOutcome({ mentor: goOn('mentor'), ana: goOn('mentee') }, 1)).toEqual({ ends: false, leaving: [] });
    expect(midpointOutcome({}, 1)).toEqual({ ends: false, leaving: [] });
  });

  test('the mentor says no: the relationship ends, whatever the mentees said', () => {
    expect(midpointOutcome({ mentor: stop('mentor'), ana: goOn('mentee') }, 1)).toEqual({ ends: true });
  });

  test('a pair’s mentee says no: it ends', () => {
    expect(midpointOutcome({ mentor: goOn('mentor'), ana: stop('mentee') }, 1)).toEqual({ ends: true });
  });

  test('in a circle, a mentee who says no leaves it and it goes on; when every mentee still in it says no, it ends', () => {
    expect(midpointOutcome({ mentor: goOn('mentor'), ana: stop('mentee'), ben: goOn('mentee'), cai: stop('mentee') }, 3)).toEqual({
      ends: false,
      leaving: ['ana', 'cai'],
    });
    expect(midpointOutcome({ ana: stop('mentee'), ben: stop('mentee') }, 2)).toEqual({ ends: true });
  });
});

describe('the look back: whether an extension is offered and asked for', () => {
  test('offered while fewer extensions were granted than the program allows', () => {
    expect(canExtend(undefined, 1)).toBe(true);
    expect(canExtend(0, 1)).toBe(true);
    expect(canExtend(1, 1)).toBe(false);
    expect(canExtend(0, 0)).toBe(false);
  });

  test('asked for when the mentor and at least one mentee want it', () => {
    const wants = (role: GivenAnswer['role']) => said(role, { extend: 'yes' });
    const not = (role: GivenAnswer['role']) => said(role, { extend: 'no' });
    expect(extensionAsked([wants('mentor'), wants('mentee')])).toBe(true);
    expect(extensionAsked([wants('mentor'), not('mentee'), wants('mentee')])).toBe(true);
    expect(extensionAsked([wants('mentor'), not('mentee')])).toBe(false);
    expect(extensionAsked([not('mentor'), wants('mentee')])).toBe(false);
    expect(extensionAsked([wants('mentee'), wants('mentee')])).toBe(false);
  });
});
