import { describe, expect, test } from 'vitest';
import { translator } from '#presentation/messages/index';
import { answerFormPage } from '#presentation/pages/answer-page';
import type { Question, QuestionKindName, Role } from '#domain/model';
import { QUESTION_PAGES } from '#use-cases/questions/pages';
import { formAsShown } from '../support/page-forms.ts';
import { openQuestionOf } from '../support/questions.ts';

/**
 * Two clicks for every answer: the e-mail's button opens the page with its answer chosen and
 * every other field at a default, so the page's one button, pressed untouched, records it.
 */
const t = translator('en');
const now = new Date('2027-02-03T12:00:00.000Z');

const GOALS = JSON.stringify([
  {
    menteeId: 'p-mentee',
    menteeName: 'Sari Wibowo',
    goals: [
      { goalNo: 1, competency: 'Delegation', description: 'Hand over the weekly report', baseline: 2, target: 4 },
      { goalNo: 2, competency: 'Giving feedback', description: 'Give feedback in the moment', baseline: 1, target: 3, last: { mentee: 2, mentor: 3 } },
    ],
  },
]);

const pageOf: Partial<Record<QuestionKindName, Record<string, string>>> = {
  match: { competencies: 'Delegation' },
  'goal-confirmation': { goals: GOALS, canAskChanges: 'yes', scaleMin: '1', scaleMax: '5' },
  'goal-endorsement': { goals: JSON.stringify([{ ...(JSON.parse(GOALS) as object[])[0], managerId: 'p-reader' }]), scaleMin: '1', scaleMax: '5' },
  'check-in': { meetingStartsAt: '2027-02-01T09:00:00.000Z', moveBefore: '2027-07-01T00:00:00.000Z', mode: 'video' },
  review: { goals: GOALS, scaleMin: '1', scaleMax: '5', month: '6', midpoint: 'yes' },
  'look-back': { goals: GOALS, scaleMin: '1', scaleMax: '5', canExtend: 'yes', extensionMonths: '6' },
  extension: { pair: 'Sari Wibowo and Marco Bianchi', months: '6' },
  'follow-up': { months: '6' },
  pause: { pair: 'Sari Wibowo and Marco Bianchi', resumesAt: '2027-03-01T00:00:00.000Z' },
};

const questionOf = (kind: QuestionKindName, page: Record<string, string>): Question =>
  openQuestionOf(kind, page, { 'p-reader': 'link-reader', 'p-mentee': 'link-mentee' });

/** Opens the page as the e-mail's button does and presses its button: what gets recorded. */
const pressUntouched = (kind: QuestionKindName, role: Role, answer?: string, page = pageOf[kind]!) => {
  const question = questionOf(kind, page);
  const reader = { personId: role === 'mentee' ? 'p-mentee' : 'p-reader', role, locale: 'en' };
  const html = answerFormPage(t, 'en', { kind, ...QUESTION_PAGES[kind].page(t, question, reader, new URLSearchParams(answer ? { answer } : {})) });
  return { html, parsed: QUESTION_PAGES[kind].parse(formAsShown(html), question, reader, t, now) };
};

describe('two clicks: the page an e-mail button opens records that answer with its one button', () => {
  test.each([
    ['match', 'mentee', 'accept', 'accept'],
    ['match', 'mentor', 'decline', 'decline'],
    ['goal-confirmation', 'mentor', 'confirm', 'confirm'],
    ['goal-endorsement', 'manager', 'endorse', 'endorse'],
    ['check-in', 'mentee', 'held', 'held'],
    ['check-in', 'mentor', 'not-held', 'not-held'],
    ['extension', 'coordinator', 'approve', 'approve'],
    ['extension', 'coordinator', 'decline', 'decline'],
    ['follow-up', 'mentee', 'held', 'held'],
    ['follow-up', 'mentee', 'partly', 'partly'],
    ['follow-up', 'mentee', 'slipped', 'slipped'],
    ['pause', 'coordinator', undefined, 'resume'],
    ['review', 'mentee', undefined, 'reviewed'],
    ['look-back', 'mentor', undefined, 'looked-back'],
  ] as const)('%s, as the %s, from "%s": %s', (kind, role, answer, outcome) => {
    const { parsed } = pressUntouched(kind, role, answer);
    expect(parsed).toMatchObject({ ok: true, outcome });
  });

  test('"We met" starts at the first way they agreed to meet and no rating, and records just that', () => {
    const { html, parsed } = pressUntouched('check-in', 'mentee', 'held');
    expect(html).toContain('name="mode" value="video" checked');
    expect(html).toContain('name="rating" value="" checked> No rating');
    expect(parsed).toEqual({ ok: true, outcome: 'held', details: { mode: 'video' } });
  });

  test('before they agreed how to meet, "We met" records a meeting held, and nothing else', () => {
    const { mode: _, ...page } = pageOf['check-in']!;
    const { html, parsed } = pressUntouched('check-in', 'mentee', 'held', page);
    expect(html).not.toMatch(/name="mode" value="[a-z-]+" checked/);
    expect(parsed).toEqual({ ok: true, outcome: 'held', details: {} });
  });

  test('"We moved it" needs one field: the new date', () => {
    const { html, parsed } = pressUntouched('check-in', 'mentee', 'moved');
    expect(html).toContain('name="answer" value="moved" checked');
    expect(html).toContain('<label for="movedTo">New date (Europe/Amsterdam)</label><input type="date" id="movedTo"');
    expect(parsed).toEqual({ ok: false, reason: t('answerPage.needDate') });
  });

  test('a date alone keeps the pair’s usual time: a New York mentee of an Amsterdam pair moves to 10:00 in Amsterdam, as the page says before the button', () => {
    const page = { ...pageOf['check-in']!, meetingTime: '10:00', memberZones: 'Europe/Amsterdam America/New_York' };
    const question = questionOf('check-in', page);
    const reader = { personId: 'p-mentee', role: 'mentee' as const, locale: 'en', timeZone: 'America/New_York' };
    const html = answerFormPage(t, 'en', {
      kind: 'check-in',
      ...QUESTION_PAGES['check-in'].page(t, question, reader, new URLSearchParams({ answer: 'moved' })),
    });
    // The time field shows the usual time on the reader's clock, and says when that is for the others.
    expect(html).toContain(
      '<label for="movedAt">Time (America/New_York)</label><input type="time" id="movedAt" name="movedAt" aria-describedby="movedAt-hint" value="04:00">',
    );
    expect(html).toContain('Left as it is, the meeting keeps your usual time: 4:00 AM in New York (10:00 AM in Amsterdam).');
    const form = formAsShown(html);
    form.set('movedTo', '2027-02-09');
    expect(QUESTION_PAGES['check-in'].parse(form, question, reader, t, now)).toEqual({
      ok: true,
      outcome: 'moved',
      details: { movedTo: '2027-02-09T09:00:00.000Z' },
    });
    // A time of their own is on their own clock.
    form.set('movedAt', '11:30');
    expect(QUESTION_PAGES['check-in'].parse(form, question, reader, t, now)).toEqual({
      ok: true,
      outcome: 'moved',
      details: { movedTo: '2027-02-09T16:30:00.000Z' },
    });
    // The thanks says the result in every member's zone.
    const answer = { role: 'mentee' as const, outcome: 'moved', answeredAt: now.toISOString(), details: { movedTo: '2027-02-09T09:00:00.000Z' } };
    expect(QUESTION_PAGES['check-in'].thanks(t, answer, question, 'en', 'America/New_York')[0]).toBe(
      'Thank you. The meeting is now planned for Tuesday, February 9, 4:00 AM in New York (10:00 AM in Amsterdam); you both get the updated calendar invitation by e-mail.',
    );
  });

  test('a review starts each goal at the reader’s last rating, else its baseline, and the mid-point question at going on', () => {
    const { html, parsed } = pressUntouched('review', 'mentee');
    expect(html).toContain('name="goal-p-mentee-1" value="2" checked');
    expect(html).toContain('name="goal-p-mentee-2" value="2" checked');
    expect(html).toContain('name="continue" value="yes" checked');
    expect(parsed).toMatchObject({ ok: true, details: { ratings: JSON.stringify({ 'p-mentee': { 1: 2, 2: 2 } }), continue: 'yes' } });
    expect(pressUntouched('review', 'mentor').parsed).toMatchObject({ ok: true, details: { ratings: JSON.stringify({ 'p-mentee': { 1: 2, 2: 3 } }) } });
  });

  test('the look back leaves its survey unanswered unless chosen, and closes as planned', () => {
    const { parsed } = pressUntouched('look-back', 'mentee');
    expect(parsed).toEqual({ ok: true, outcome: 'looked-back', details: { ratings: JSON.stringify({ 'p-mentee': { 1: 2, 2: 2 } }), extend: 'no' } });
  });

  test('a question whose answer must be typed is not answered by pressing: goals, a request for changes, a wish to discuss', () => {
    expect(pressUntouched('goal-confirmation', 'mentor', 'changes').parsed).toEqual({ ok: false, reason: t('goalConfirmation.needNote') });
    expect(pressUntouched('goal-endorsement', 'manager', 'discuss').parsed).toEqual({ ok: false, reason: t('goalEndorsement.needNote') });
  });

  test('every form page says what its button does, and every thank-you page what comes next', () => {
    for (const [kind, page] of Object.entries(QUESTION_PAGES) as [QuestionKindName, (typeof QUESTION_PAGES)[QuestionKindName]][]) {
      const question = questionOf(kind, pageOf[kind] ?? { max: '3', scaleMin: '1', scaleMax: '5', competencies: '[]' });
      const shown = page.page(t, question, { personId: 'p-reader', role: 'mentor', locale: 'en' }, new URLSearchParams());
      expect(shown.next, kind).toMatch(/^“Send answer” /);
      const thanks = page.thanks(t, { role: 'mentor', answeredAt: now.toISOString(), outcome: 'held', details: {} }, question, 'en');
      expect(thanks.join(' ').length, kind).toBeGreaterThan(40);
    }
  });
});
