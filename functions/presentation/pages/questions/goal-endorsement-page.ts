import type { Question } from '#domain/model';
import { fromJson, goalsHtml, type MenteeGoals } from './goals-page.ts';
import { answerChoices, noteField, noteOf, option } from '#presentation/pages/form';
import type { Parsed, QuestionPage } from '#presentation/pages/question-page';
import { whenAllAnswered } from '#domain/question-answers';

export type ToEndorse = MenteeGoals & { managerId: string };

export const goalsOf = (question: Question) => fromJson<ToEndorse[]>(question.page.goals, []);

/** The goal endorsement as the answer page shows it: apart from its letter and record, so the page carries no mail code. */
export const goalEndorsementPage: QuestionPage = {
  name: 'goal-endorsement',

  // A manager answers once for every mentee they manage here, and sees only those mentees' goals.
  page: (t, question, reader, draft) => {
    const chosen = draft.get('answer');
    return {
      title: t('goalEndorsement.pageTitle'),
      intro: t('goalEndorsement.pageIntro', { min: question.page.scaleMin, max: question.page.scaleMax }),
      fields: [
        goalsHtml(
          t,
          goalsOf(question).filter((m) => m.managerId === reader.personId),
        ),
        answerChoices(t('goalEndorsement.question'), [
          option('answer', 'endorse', t('goalEndorsement.endorseOption'), chosen),
          option('answer', 'discuss', t('goalEndorsement.discussOption'), chosen),
        ]),
        noteField(t('goalEndorsement.note'), draft),
      ].join('\n'),
      next: t('goalEndorsement.next'),
      privacy: t('goalEndorsement.privacy'),
    };
  },

  parse: (form, _question, { locale }, t): Parsed => {
    const outcome = form.get('answer');
    if (outcome !== 'endorse' && outcome !== 'discuss') return { ok: false, reason: t('answerPage.chooseOption') };
    const noted = noteOf(form, t, locale);
    if ('error' in noted) return { ok: false, reason: noted.error };
    // The coordinator needs something to start the conversation from.
    if (outcome === 'discuss' && !noted.note) return { ok: false, reason: t('goalEndorsement.needNote') };
    return { ok: true, outcome, details: noted.note ? { note: noted.note } : {} };
  },

  settle: (question) => whenAllAnswered(question, () => 'answered'),
  thanks: (t, answer) => [t(answer.outcome === 'discuss' ? 'goalEndorsement.thanksDiscuss' : 'goalEndorsement.thanksEndorse')],
};
