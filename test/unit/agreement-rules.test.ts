import { describe, expect, test } from 'vitest';
import {
  changesAsked,
  confirmationDecision,
  endorsementsOf,
  focusCompetencyNames,
  followUpCounts,
  goalsProposed,
  matchDecision,
  modesOf,
  ownCompetenciesFirst,
  revisionRoundLeft,
  workingAgreementOf,
} from '#domain/agreement';
import type { GivenAnswer, Role } from '#domain/model';

const AT = '2027-01-20T10:00:00.000Z';
const said = (role: Role, outcome: string, details: GivenAnswer['details'] = {}): GivenAnswer => ({ role, answeredAt: AT, outcome, details });

describe('the match: who goes on', () => {
  const pair = { mentorId: 'mentor', menteeIds: ['sari'] };
  const circle = { mentorId: 'mentor', menteeIds: ['sari', 'budi', 'dewi'] };

  test('a pair goes on when both accept', () => {
    expect(matchDecision(pair, { mentor: said('mentor', 'accept'), sari: said('mentee', 'accept') })).toEqual({ decision: 'accepted', stayed: 1, leaving: [] });
  });

  test('a pair with one decline is declined; with nobody answering, unanswered; the mentor alone accepting is not enough', () => {
    expect(matchDecision(pair, { mentor: said('mentor', 'accept'), sari: said('mentee', 'decline') })).toMatchObject({ decision: 'declined', leaving: [] });
    expect(matchDecision(pair, {})).toEqual({ decision: 'no-answer', stayed: 0, leaving: [] });
    expect(matchDecision(pair, { mentor: said('mentor', 'accept') })).toMatchObject({ decision: 'no-answer' });
  });

  test('a circle goes on with its mentor and one mentee; the others leave, each for what they did', () => {
    const result = matchDecision(circle, { mentor: said('mentor', 'accept'), sari: said('mentee', 'accept'), budi: said('mentee', 'decline') });
    expect(result).toEqual({
      decision: 'accepted',
      stayed: 1,
      leaving: [
        { menteeId: 'budi', because: 'declined' },
        { menteeId: 'dewi', because: 'no-answer' },
      ],
    });
  });

  test('a circle whose mentor declines is declined, however many mentees accept', () => {
    expect(matchDecision(circle, { mentor: said('mentor', 'decline'), sari: said('mentee', 'accept'), budi: said('mentee', 'accept') })).toMatchObject({
      decision: 'declined',
      stayed: 2,
      leaving: [],
    });
  });
});

describe('the working agreement', () => {
  test('the ways to meet anyone named, in the page’s order; unknown ones dropped', () => {
    expect(modesOf('video,face-to-face,carrier-pigeon')).toEqual(['face-to-face', 'video']);
    expect(modesOf(undefined)).toEqual([]);
  });

  test('the mentor’s rhythm wins; agreed when everyone asked answered', () => {
    const answers = {
      mentor: said('mentor', 'agree', { modes: 'video', frequency: 'monthly' }),
      sari: said('mentee', 'agree', { modes: 'phone,video', frequency: 'weekly' }),
    };
    expect(workingAgreementOf(answers, ['mentor', 'sari'], AT)).toEqual({
      agreed: true,
      answered: 2,
      agreement: { modes: ['phone', 'video'], frequency: 'monthly', acknowledgedBy: ['mentor', 'sari'], at: AT },
    });
  });

  test('without the mentor’s, the most named rhythm; a tie goes to the more frequent', () => {
    const tie = { sari: said('mentee', 'agree', { frequency: 'monthly' }), budi: said('mentee', 'agree', { frequency: 'every-two-weeks' }) };
    expect(workingAgreementOf(tie, ['mentor', 'sari', 'budi'], AT)).toMatchObject({ agreed: false, answered: 2, agreement: { frequency: 'every-two-weeks' } });
    const most = { ...tie, dewi: said('mentee', 'agree', { frequency: 'monthly' }) };
    expect(workingAgreementOf(most, ['sari', 'budi', 'dewi'], AT).agreement?.frequency).toBe('monthly');
  });

  test('no answer, no agreement; an answer naming no rhythm keeps none', () => {
    expect(workingAgreementOf({}, ['mentor', 'sari'], AT)).toEqual({ agreed: false, answered: 0 });
    expect(workingAgreementOf({ sari: said('mentee', 'agree', { modes: 'email' }) }, ['sari'], AT).agreement).toEqual({
      modes: ['email'],
      acknowledgedBy: ['sari'],
      at: AT,
    });
  });
});

describe('the goals: confirmation and endorsement', () => {
  test('with one revision round, the first may send the goals back, the second may not', () => {
    expect(revisionRoundLeft(1, 1)).toBe(true);
    expect(revisionRoundLeft(2, 1)).toBe(false);
    expect(revisionRoundLeft(1, 0)).toBe(false);
  });

  test('the mentor asks for changes while a round is left; otherwise the goals are confirmed; unanswered, they stand', () => {
    expect(confirmationDecision({ outcome: 'changes' }, true)).toBe('changes');
    expect(confirmationDecision({ outcome: 'changes' }, false)).toBe('confirmed');
    expect(confirmationDecision({ outcome: 'confirm' }, true)).toBe('confirmed');
    expect(confirmationDecision(undefined, true)).toBe('unanswered');
  });

  test('each mentee’s goals as their manager answered; a manager of two answers for both', () => {
    const mentees = [
      { menteeId: 'sari', managerId: 'ani' },
      { menteeId: 'budi', managerId: 'ani' },
      { menteeId: 'dewi', managerId: 'eko' },
      { menteeId: 'tomasz', managerId: 'ola' },
    ];
    const answers = { ani: said('manager', 'endorse'), eko: said('manager', 'discuss', { note: 'too ambitious' }), ola: said('manager', 'discuss') };
    expect(endorsementsOf(mentees, answers)).toEqual([
      { menteeId: 'sari', managerId: 'ani', outcome: 'endorse' },
      { menteeId: 'budi', managerId: 'ani', outcome: 'endorse' },
      { menteeId: 'dewi', managerId: 'eko', outcome: 'discuss', note: 'too ambitious' },
      { menteeId: 'tomasz', managerId: 'ola', outcome: 'discuss', note: '' },
    ]);
    expect(endorsementsOf(mentees.slice(0, 1), {})).toEqual([{ menteeId: 'sari', managerId: 'ani', outcome: 'none' }]);
  });
});

describe('the follow-up', () => {
  test('counts how each mentee says their progress held', () => {
    expect(followUpCounts({ sari: said('mentee', 'held'), budi: said('mentee', 'slipped'), dewi: said('mentee', 'held') })).toEqual({
      held: 2,
      partly: 0,
      slipped: 1,
    });
    expect(followUpCounts({})).toEqual({ held: 0, partly: 0, slipped: 0 });
  });
});

describe('the goals a mentee proposes', () => {
  const program = [
    { id: 'delegation', name: 'Delegation' },
    { id: 'feedback', name: 'Feedback' },
    { id: 'planning', name: 'Planning' },
  ];

  test('the match and the introduction name the competencies chosen, in the program’s order', () => {
    expect(focusCompetencyNames(program, ['planning', 'delegation'])).toBe('Delegation, Planning');
    expect(focusCompetencyNames(program, [])).toBe('');
  });

  test('the goals page offers the relationship’s own competencies first', () => {
    expect(ownCompetenciesFirst(program, ['planning']).map((c) => c.id)).toEqual(['planning', 'delegation', 'feedback']);
  });

  test('proposed goals are numbered from 1, with no ratings yet', () => {
    expect(goalsProposed('rel-1', 'sari', [{ competency: 'feedback', description: 'Ask for feedback weekly', baseline: 2, target: 4 }])).toEqual([
      {
        relationshipId: 'rel-1',
        menteeId: 'sari',
        goalNo: 1,
        competency: 'feedback',
        description: 'Ask for feedback weekly',
        baseline: 2,
        target: 4,
        ratings: {},
      },
    ]);
  });

  test('the next round quotes the note the mentor left with their request for changes, if any', () => {
    const saved: Parameters<typeof changesAsked>[0] = [
      { kind: 'goal-confirmation', subject: { round: 1 }, answers: { ida: said('mentor', 'changes', { note: 'Make goal 2 measurable' }) } },
      { kind: 'goal-confirmation', subject: { round: 2 }, answers: { ida: said('mentor', 'changes', { note: '' }) } },
      { kind: 'goals', subject: { round: 3 }, answers: { sari: said('mentee', 'proposed', { note: 'not the mentor' }) } },
    ];
    expect(changesAsked(saved, 1)).toBe('Make goal 2 measurable');
    expect(changesAsked(saved, 2)).toBeUndefined();
    expect(changesAsked(saved, 3)).toBeUndefined();
  });
});
