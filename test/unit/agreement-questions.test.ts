import { describe, expect, test } from 'vitest';
import { translator } from '#presentation/messages/index';
import type { Question, QuestionKindName } from '#domain/model';
import { goalConfirmation } from '#use-cases/agreement/goal-confirmation';
import { goalEndorsement } from '#use-cases/agreement/goal-endorsement';
import { goals } from '#use-cases/agreement/goals';
import { workingAgreement } from '#use-cases/agreement/working-agreement';
import type { PageReader } from '#presentation/pages/question-page';
import { openQuestionOf } from '../support/questions.ts';

const t = translator('en');
const now = new Date('2027-02-01T09:00:00.000Z');

/** A question as the answer page gets it: only `page` matters to `parse`. */
const questionOf = (kind: QuestionKindName, page: Record<string, string> = {}): Question =>
  openQuestionOf(kind, page, { mentor: 'link-mentor', mentee: 'link-mentee' });

const mentee: PageReader = { personId: 'mentee', role: 'mentee', locale: 'en' };
const mentor: PageReader = { personId: 'mentor', role: 'mentor', locale: 'en' };
const manager: PageReader = { personId: 'manager', role: 'manager', locale: 'en' };

const form = (fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(name, v);
  return body;
};

describe('the working agreement', () => {
  const question = questionOf('working-agreement');

  test('someone who does not tick confidentiality is asked to, and nothing is recorded', () => {
    const parsed = workingAgreement.parse(form({ modes: 'video', frequency: 'weekly' }), question, mentee, t, now);
    expect(parsed).toEqual({ ok: false, reason: 'please tick that what you discuss stays between you' });
  });

  test('everything still missing is named in one sentence', () => {
    const parsed = workingAgreement.parse(form({ confidential: 'yes' }), question, mentee, t, now);
    expect(parsed).toEqual({ ok: false, reason: 'please choose at least one way to meet and choose how often you would like to meet' });
  });

  test('a full answer keeps the ways to meet in the page’s order, and the private note', () => {
    const parsed = workingAgreement.parse(
      form({ confidential: 'yes', modes: ['video', 'face-to-face', 'carrier-pigeon'], frequency: 'every-two-weeks', note: '  Mornings suit me best. ' }),
      question,
      mentee,
      t,
      now,
    );
    expect(parsed).toEqual({
      ok: true,
      outcome: 'agreed',
      details: { modes: 'face-to-face,video', frequency: 'every-two-weeks', note: 'Mornings suit me best.' },
    });
  });
});

describe('the working agreement’s rhythm, as the program allows it', () => {
  const neverWeekly = questionOf('working-agreement', { frequencies: 'every-two-weeks,monthly', closeStartUntil: '2027-03-08T00:00:00.000Z' });
  const answer = (frequency?: string) => form({ confidential: 'yes', modes: 'video', ...(frequency ? { frequency } : {}) });

  test('the page offers only the frequencies the program allows after its close start, and says from when they count', () => {
    const { fields } = workingAgreement.page(t, neverWeekly, { ...mentee, timeZone: 'Europe/Amsterdam' }, new URLSearchParams());
    expect([...fields.matchAll(/name="frequency" value="([^"]+)"/g)].map((m) => m[1])).toEqual(['every-two-weeks', 'monthly']);
    expect(fields).toContain('Until Monday, March 8 your meetings follow the program’s plan.');
  });

  test('a frequency the page did not offer is not taken; one it did is', () => {
    expect(workingAgreement.parse(answer('weekly'), neverWeekly, mentee, t, now)).toEqual({
      ok: false,
      reason: 'please choose how often you would like to meet',
    });
    expect(workingAgreement.parse(answer('monthly'), neverWeekly, mentee, t, now)).toMatchObject({ ok: true, details: { frequency: 'monthly' } });
  });

  test('with nothing to choose the page asks no rhythm, and the answer names none', () => {
    const noChoice = questionOf('working-agreement', { frequencies: '' });
    expect(workingAgreement.page(t, noChoice, mentee, new URLSearchParams()).fields).not.toContain('name="frequency"');
    expect(workingAgreement.parse(answer('weekly'), noChoice, mentee, t, now)).toEqual({ ok: true, outcome: 'agreed', details: { modes: 'video' } });
  });
});

describe('the goals a mentee proposes', () => {
  const question = questionOf('goals', {
    competencies: JSON.stringify([
      { id: 'delegation', name: 'Delegation' },
      { id: 'giving-feedback', name: 'Giving and receiving feedback' },
    ]),
    scaleMin: '1',
    scaleMax: '5',
    max: '3',
    round: '1',
  });
  const goal = (n: number, fields: Partial<Record<'competency' | 'description' | 'baseline' | 'target', string>>) =>
    Object.fromEntries(Object.entries(fields).map(([name, value]) => [`${name}${n}`, value]));

  test('a mentee who leaves the target empty is told which goal', () => {
    const parsed = goals.parse(
      form({
        ...goal(1, { competency: 'delegation', description: 'Hand over the weekly report', baseline: '2', target: '4' }),
        ...goal(2, { competency: 'giving-feedback', description: 'Give feedback in the moment', baseline: '1' }),
      }),
      question,
      mentee,
      t,
      now,
    );
    expect(parsed).toEqual({ ok: false, reason: 'goal 2 still needs where you aim to be' });
  });

  test('a target that is not above the baseline is refused, naming the goal', () => {
    const parsed = goals.parse(
      form(goal(1, { competency: 'delegation', description: 'Hand over the weekly report', baseline: '3', target: '3' })),
      question,
      mentee,
      t,
      now,
    );
    expect(parsed).toEqual({ ok: false, reason: 'for goal 1, where you aim to be must be higher than where you are today' });
  });

  test('a competency the program does not have is refused', () => {
    const parsed = goals.parse(
      form(goal(1, { competency: 'juggling', description: 'Keep three balls up', baseline: '1', target: '2' })),
      question,
      mentee,
      t,
      now,
    );
    expect(parsed).toEqual({ ok: false, reason: 'for goal 1, choose one of the program’s competencies' });
  });

  test('a page with every row empty asks for at least one goal', () => {
    expect(goals.parse(form({ competency1: '', description1: '', baseline1: '', target1: '' }), question, mentee, t, now)).toEqual({
      ok: false,
      reason: 'propose at least one goal',
    });
  });

  test('empty rows are skipped and the goals become the answer’s details, in order', () => {
    const parsed = goals.parse(
      form({
        ...goal(1, { competency: 'delegation', description: 'Hand over the weekly report', baseline: '2', target: '4' }),
        ...goal(2, { competency: '', description: '', baseline: '', target: '' }),
        ...goal(3, { competency: 'giving-feedback', description: 'Give feedback in the moment', baseline: '1', target: '3' }),
      }),
      question,
      mentee,
      t,
      now,
    );
    expect(parsed).toEqual({
      ok: true,
      outcome: 'proposed',
      details: {
        goals: JSON.stringify([
          { competency: 'delegation', description: 'Hand over the weekly report', baseline: 2, target: 4 },
          { competency: 'giving-feedback', description: 'Give feedback in the moment', baseline: 1, target: 3 },
        ]),
      },
    });
  });
});

describe('the mentor’s confirmation of the goals', () => {
  const withRoundLeft = questionOf('goal-confirmation', { goals: '[]', canAskChanges: 'yes', scaleMin: '1', scaleMax: '5' });
  const lastRound = questionOf('goal-confirmation', { goals: '[]', canAskChanges: 'no', scaleMin: '1', scaleMax: '5' });

  test('a mentor who asks for changes without saying which is asked to write them down', () => {
    expect(goalConfirmation.parse(form({ answer: 'changes', note: '   ' }), withRoundLeft, mentor, t, now)).toEqual({
      ok: false,
      reason: 'say in the note what you would change, so your mentee knows what to revise',
    });
  });

  test('asking for changes with a note keeps the note for the mentee', () => {
    expect(goalConfirmation.parse(form({ answer: 'changes', note: 'Make goal 2 more concrete.' }), withRoundLeft, mentor, t, now)).toEqual({
      ok: true,
      outcome: 'changes',
      details: { note: 'Make goal 2 more concrete.' },
    });
  });

  test('once no revision round is left, the goals can only be confirmed', () => {
    expect(goalConfirmation.parse(form({ answer: 'changes', note: 'One more go?' }), lastRound, mentor, t, now)).toEqual({
      ok: false,
      reason: 'choose one of the options',
    });
    expect(goalConfirmation.parse(form({ answer: 'confirm' }), lastRound, mentor, t, now)).toEqual({ ok: true, outcome: 'confirm', details: {} });
  });
});

describe('the line manager’s endorsement', () => {
  const question = questionOf('goal-endorsement', { goals: '[]', scaleMin: '1', scaleMax: '5' });

  test('a manager who would like to discuss the goals is asked for a note to the coordinator', () => {
    expect(goalEndorsement.parse(form({ answer: 'discuss' }), question, manager, t, now)).toEqual({
      ok: false,
      reason: 'say in the note what you would like to discuss, so the coordinator can prepare',
    });
  });

  test('endorsing needs no note', () => {
    expect(goalEndorsement.parse(form({ answer: 'endorse' }), question, manager, t, now)).toEqual({ ok: true, outcome: 'endorse', details: {} });
  });
});
