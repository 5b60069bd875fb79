import { describe, expect, test } from 'vitest';
import type { GivenAnswer } from '#domain/model';
import { conclusionFor } from '#domain/lifecycle/end-requests';
import { endingKey, endRequestOf, lanesToStop, matchDeclined, offersEndLink, privateReasons, REMATCH_NOTE_KINDS, rematchReason } from '#domain/endings';

const answer = (role: GivenAnswer['role'], answeredAt: string, outcome = 'end', details: GivenAnswer['details'] = {}): GivenAnswer => ({
  role,
  answeredAt,
  outcome,
  details,
});

describe('why a mentee is matched again', () => {
  const declined = [{ kind: 'match', answers: { mentor: answer('mentor', '2027-01-02', 'accept'), mentee: answer('mentee', '2027-01-03', 'decline') } }];
  const unanswered = [{ kind: 'match', answers: { mentor: answer('mentor', '2027-01-02', 'accept') } }];

  test('a relationship ended early: ended early, whatever the match was', () => {
    expect(rematchReason('ended-early', declined)).toBe('ended-early');
  });

  test('a match that did not go ahead: declined when anyone declined it, else no answer', () => {
    expect(rematchReason('not-matched', declined)).toBe('declined');
    expect(rematchReason('not-matched', unanswered)).toBe('no-answer');
    expect(rematchReason('not-matched', [])).toBe('no-answer');
  });

  test('only the match’s answers count: a "decline" elsewhere is not a declined match', () => {
    expect(matchDeclined([{ kind: 'extension', answers: { coordinator: answer('coordinator', '2028-01-02', 'decline') } }])).toBe(false);
    expect(matchDeclined(declined)).toBe(true);
  });

  test('each ending’s letters have their own keys', () => {
    expect(endingKey('not-matched')).toBe('notMatched');
    expect(endingKey('ended-early')).toBe('endedEarly');
  });
});

describe('the private reasons passed on to the coordinator with a rematch', () => {
  const saved = [
    {
      kind: 'match',
      answers: { mentee: answer('mentee', '2027-01-02', 'decline', { note: 'Not my field' }), mentor: answer('mentor', '2027-01-02', 'accept') },
    },
    { kind: 'check-in', answers: { mentee: answer('mentee', '2027-02-02', 'held', { note: 'A private check-in note' }) } },
    { kind: 'end-relationship', answers: { mentor: answer('mentor', '2027-03-02', 'end', { note: 'Moving abroad' }) } },
    { kind: 'review', answers: { mentee: answer('mentee', '2027-04-02', 'rated', { note: 'Rather stop' }) } },
  ];

  test('notes given with a match, an end request or a review, by person; a later note of the same person replaces theirs', () => {
    expect([...privateReasons(saved, REMATCH_NOTE_KINDS)]).toEqual([
      ['mentee', 'Rather stop'],
      ['mentor', 'Moving abroad'],
    ]);
  });

  test('a check-in’s note never leaves it; answers without a note add nothing', () => {
    expect(privateReasons(saved, ['check-in', 'match']).get('mentee')).toBe('A private check-in note');
    expect(privateReasons([{ kind: 'match', answers: { mentor: answer('mentor', '2027-01-02', 'accept') } }], REMATCH_NOTE_KINDS).size).toBe(0);
  });
});

describe('the request a conclusion acts on', () => {
  const pair = { links: { mentor: 'l1', mentee: 'l2' }, answers: {} as Record<string, GivenAnswer> };
  const circle = { links: { mentor: 'l1', ana: 'l2', ben: 'l3', cai: 'l4' }, answers: {} as Record<string, GivenAnswer> };

  test('the coordinator’s or the review’s conclusion, with no link pressed: it ends the relationship on no member’s request', () => {
    expect(endRequestOf('conclusion', undefined)).toEqual({ acts: 'ending' });
    expect(endRequestOf('conclusion', pair)).toEqual({ acts: 'ending' });
  });

  test('a pair: the earliest request of either ends it; at the same instant, the first by id', () => {
    const mentee = answer('mentee', '2027-03-01T10:00:00Z');
    const mentor = answer('mentor', '2027-03-01T09:00:00Z');
    expect(endRequestOf('conclusion', { ...pair, answers: { mentee, mentor } })).toEqual({ acts: 'ending', request: mentor });
    const same = answer('mentor', mentee.answeredAt);
    expect(endRequestOf('conclusion', { ...pair, answers: { mentor: same, mentee } })).toEqual({ acts: 'ending', request: mentee });
  });

  test('a circle’s mentee’s earlier request is theirs alone: the circle’s conclusion acts on its mentor’s', () => {
    const ana = answer('mentee', '2027-03-01T08:00:00Z');
    const mentor = answer('mentor', '2027-03-01T09:00:00Z');
    expect(endRequestOf('conclusion', { ...circle, answers: { ana, mentor } })).toEqual({ acts: 'ending', request: mentor });
    expect(endRequestOf('conclusion', { ...circle, answers: { ana } })).toEqual({ acts: 'ending' });
  });

  test('a circle’s mentee’s own conclusion acts on their request: they leave', () => {
    const ben = answer('mentee', '2027-03-01T08:00:00Z');
    const phase = conclusionFor({ personId: 'ben', role: 'mentee' }, Object.keys(circle.links));
    expect(phase).toBe('conclusion-2');
    expect(endRequestOf(phase, { ...circle, answers: { ben } })).toEqual({ acts: 'leaving', personId: 'ben', request: ben });
  });

  test('a numbered conclusion whose request is not recorded (or whose question is gone) is missing', () => {
    expect(endRequestOf('conclusion-2', { ...circle, answers: {} })).toEqual({ acts: 'missing' });
    expect(endRequestOf('conclusion-2', undefined)).toEqual({ acts: 'missing' });
    expect(endRequestOf('conclusion-9', { ...circle, answers: { ben: answer('mentee', '2027-03-01') } })).toEqual({ acts: 'missing' });
  });
});

describe('what an early end stops, and when a letter offers a way to end', () => {
  test('a mid-point review’s "no" lets the meetings phase end by itself; any other end stops it where it is', () => {
    expect(lanesToStop('review')).toEqual(['agreement', 'pause']);
    expect(lanesToStop('coordinator')).toEqual(['main', 'agreement', 'pause']);
    expect(lanesToStop('mentee')).toEqual(['main', 'agreement', 'pause']);
    expect(lanesToStop(undefined)).toEqual(['main', 'agreement', 'pause']);
  });

  const running = { status: 'active' as const };

  test('a mentor and a mentee still in it are offered their link; a line manager and the coordinator never', () => {
    expect(offersEndLink(running, { role: 'mentor', stillIn: false })).toBe(true);
    expect(offersEndLink(running, { role: 'mentee', stillIn: true })).toBe(true);
    expect(offersEndLink(running, { role: 'manager', stillIn: true })).toBe(false);
    expect(offersEndLink(running, { role: 'coordinator', stillIn: true })).toBe(false);
  });

  test('a mentee who left a circle is offered none; a paused relationship still offers it', () => {
    expect(offersEndLink(running, { role: 'mentee', stillIn: false })).toBe(false);
    expect(offersEndLink({ status: 'paused' }, { role: 'mentee', stillIn: true })).toBe(true);
  });

  test('once someone asked to end it, while its ending letters go out, and once closed: no link', () => {
    expect(offersEndLink({ ...running, endRequestedAt: '2027-03-01' }, { role: 'mentor', stillIn: false })).toBe(false);
    expect(offersEndLink(running, { ending: 'ended-early', role: 'mentor', stillIn: false })).toBe(false);
    expect(offersEndLink(running, { ending: 'completed', role: 'mentee', stillIn: true })).toBe(false);
    expect(offersEndLink({ status: 'closed' }, { role: 'mentor', stillIn: false })).toBe(false);
  });
});
