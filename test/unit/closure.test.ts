import { describe, expect, test } from 'vitest';
import type { GivenAnswer, Goal } from '#domain/model';
import { endPointOf, extensionApproved, goalOutcome, goalsReached, meetingsHeld, satisfactionOf, wouldMentor } from '#domain/closure';

const goal = (target: number, ratings: Goal['ratings']) => ({ target, ratings });
const lookBack = (details: GivenAnswer['details']) => ({ role: 'mentee' as const, answeredAt: '2028-01-10', outcome: 'answered', details });

describe('closure: how each goal ended', () => {
  test('the end point is the latest look back’s rating: the mentee’s own, else the mentor’s; a review during the year is no end point', () => {
    expect(endPointOf(goal(4, { 'month-9': { mentee: 5 }, final: { mentee: 3, mentor: 4 } }))).toBe(3);
    expect(endPointOf(goal(4, { final: { mentee: 3 }, 'final-1': { mentor: 4 } }))).toBe(4);
    expect(endPointOf(goal(4, { 'month-9': { mentee: 5 } }))).toBeUndefined();
  });

  test('reached at or above its target; below it, on the way; no look back, no end', () => {
    expect(goalOutcome(goal(4, { final: { mentee: 4 } }))).toBe('reached');
    expect(goalOutcome(goal(4, { final: { mentee: 5 } }))).toBe('reached');
    expect(goalOutcome(goal(4, { final: { mentee: 3 } }))).toBe('on-the-way');
    expect(goalOutcome(goal(4, {}))).toBe('no-end');
    expect(goalsReached([goal(4, { final: { mentee: 4 } }), goal(4, { final: { mentee: 3 } }), goal(1, {})])).toBe(1);
  });

  test('the meetings held are those that took place: moved, not held and unanswered ones do not count', () => {
    expect(meetingsHeld([{ status: 'held' }, { status: 'not-held' }, { status: 'held' }, { status: 'unanswered' }, { status: 'planned' }])).toBe(2);
  });
});

describe('closure: what the coordinator hears', () => {
  const ana = { personId: 'ana' };
  const ben = { personId: 'ben' };
  const cai = { personId: 'cai' };
  const saved: { kind: string; answers: Record<string, GivenAnswer> }[] = [
    { kind: 'look-back', answers: { ana: lookBack({ mentorOthers: 'yes', satisfaction: 5 }), ben: lookBack({ mentorOthers: 'no', satisfaction: 4 }) } },
    { kind: 'look-back', answers: { cai: lookBack({ mentorOthers: 'maybe', satisfaction: 0 }), mentor: lookBack({ satisfaction: 4 }) } },
    { kind: 'follow-up', answers: { ben: lookBack({ mentorOthers: 'yes', satisfaction: 1 }) } },
  ];

  test('the mentees who would, or might, mentor others, as they stand in the circle; a follow-up’s answer is not a look back', () => {
    expect(wouldMentor([ana, ben, cai], saved)).toEqual([ana, cai]);
    expect(wouldMentor([ben], saved)).toEqual([]);
  });

  test('the average satisfaction of those who gave one (mentor included), and how many did', () => {
    expect(satisfactionOf(saved)).toEqual({ average: 13 / 3, answers: 3 });
    expect(satisfactionOf([])).toBeUndefined();
  });

  test('an extension is granted only when the coordinator answered approve; a question that closed unanswered declines it', () => {
    expect(extensionApproved({ state: 'answered', outcome: 'approve' })).toBe(true);
    expect(extensionApproved({ state: 'answered', outcome: 'decline' })).toBe(false);
    expect(extensionApproved({ state: 'closed', outcome: 'approve' })).toBe(false);
  });
});
