import { clock } from '#platform/clock';
import { formatDeadline } from '#presentation/messages/index';
import { markAgreementDone, markGoals } from '#adapters/store';
import { endorsementsOf } from '#domain/agreement';
import { coordinator, managers, writeTo } from '#use-cases/relationship/write-to';
import { goalsByMentee, goalsText } from './goals.ts';
import type { QuestionKind } from '#use-cases/relationship/question-kind';
import { goalEndorsementPage, goalsOf, type ToEndorse } from '#presentation/pages/questions/goal-endorsement-page';
import { publish } from '#adapters/events/port';
import { agreementConfirmed } from '#domain/events/events';

/**
 * Each mentee's line manager reads the goals and endorses them, or asks to discuss them with
 * the coordinator. The manager sees goals and, later, progress ratings: never meeting notes
 * or answers. Once this question ends, the mentoring agreement is done.
 */
export const goalEndorsement: QuestionKind = {
  ...goalEndorsementPage,
  questionId: (relationshipId) => `${relationshipId}.goal-endorsement`,

  prepare: async (context) => ({
    goals: JSON.stringify((await goalsByMentee(context)).map((m): ToEndorse => ({ managerId: context.managerOf(m.menteeId).personId, ...m }))),
    scaleMin: String(context.program.goals.scale.min),
    scaleMax: String(context.program.goals.scale.max),
  }),

  asked: managers,

  // One letter per mentee: a manager of two mentees reads about each separately.
  letter: (t, { person, partner }, question, attempt, link) => ({
    subject: t(attempt === 'first' ? 'goalEndorsement.subject' : 'goalEndorsement.reminderSubject', { mentee: partner.name }),
    paragraphs: [
      t(attempt === 'first' ? 'goalEndorsement.body' : 'goalEndorsement.reminderBody', { mentee: partner.name }),
      ...goalsText(
        t,
        goalsOf(question).filter((m) => m.menteeId === partner.personId),
      ),
      t('goalEndorsement.scale', { min: question.page.scaleMin, max: question.page.scaleMax }),
      t('goalEndorsement.whatYouSee', { mentee: partner.name }),
      t('goalEndorsement.deadline', { deadline: formatDeadline(question.closesAt, person.timeZone, person.locale) }),
    ],
    actions: [
      { label: t('goalEndorsement.endorse'), url: link('endorse') },
      { label: t('goalEndorsement.discuss'), url: link('discuss') },
    ],
  }),

  /** Counts are of mentees: a manager of two mentees endorses (or discusses) both at once. */
  record: async (context, question) => {
    const { relationshipId } = context.relationship;
    const now = clock().now().toISOString();
    const proposed = goalsOf(question);
    const endorsements = endorsementsOf(
      context.mentees.map((m) => ({ menteeId: m.personId, managerId: context.managerOf(m.personId).personId })),
      question.answers,
    );
    for (const [i, endorsement] of endorsements.entries()) {
      const mentee = context.mentees[i]!;
      const manager = context.managerOf(mentee.personId);
      if (endorsement.outcome === 'endorse') await markGoals(relationshipId, mentee.personId, 'endorsedAt', now);
      else if (endorsement.outcome === 'discuss') {
        const { note } = endorsement;
        await writeTo(
          context,
          coordinator(context, mentee),
          'goal-discussion',
          () => mentee.personId,
          ({ t }) => ({
            subject: t('goalEndorsement.discussSubject', { manager: manager.name, mentee: mentee.name }),
            paragraphs: [
              t('goalEndorsement.discussBody', { manager: manager.name, mentee: mentee.name, mentor: context.mentor.name }),
              ...(note ? [t('goalEndorsement.discussNote', { manager: manager.name, note })] : []),
              ...goalsText(
                t,
                proposed.filter((m) => m.menteeId === mentee.personId),
              ),
              t('goalEndorsement.discussSuggest', { manager: manager.name, mentee: mentee.name }),
            ],
          }),
        );
      }
    }
    const endorsed = endorsements.filter((e) => e.outcome === 'endorse').length;
    const discuss = endorsements.filter((e) => e.outcome === 'discuss').length;
    // With goals endorsed, discussed or left unanswered, the agreement is as done as it gets.
    await markAgreementDone(relationshipId, now);
    await publish(agreementConfirmed(context.relationship, proposed, endorsements, clock().now()));
    return { endorsed, discuss };
  },
};
