import { clock } from '#platform/clock';
import { formatDeadline } from '#presentation/messages/index';
import { coordinator, namesOf, writeToMembers } from '#use-cases/relationship/write-to';
import { grantExtension } from '#adapters/store';
import { extensionApproved } from '#domain/closure';
import type { QuestionKind } from '#use-cases/relationship/question-kind';
import type { RecordedBy } from '#domain/task-payloads';
import { extensionPage } from '#presentation/pages/questions/extension-page';
import { publish } from '#adapters/events/port';
import { extensionDecided } from '#domain/events/events';

/**
 * The pair asked to go on after closure: the coordinator approves a further run of monthly
 * meetings, or not. The e-mail's buttons and `mentoring extension` answer it alike.
 */
export const extension: QuestionKind<{ round: number }, RecordedBy<'extension'>> = {
  ...extensionPage,
  questionId: (relationshipId, { round }) => `${relationshipId}.extension.${round}`,
  prepare: async (context) => ({
    pair: namesOf([...context.mentees, context.mentor], context.coordinator.locale),
    months: String(context.program.extension.months),
  }),
  asked: (context) => coordinator(context),

  letter: (t, { person }, question, attempt, link) => ({
    subject: t(attempt === 'first' ? 'extension.subject' : 'extension.reminderSubject', { pair: question.page.pair }),
    paragraphs: [
      t('extension.body', { pair: question.page.pair, months: question.page.months }),
      t('extension.window', { deadline: formatDeadline(question.closesAt, person.timeZone, person.locale) }),
    ],
    actions: [
      { label: t('extension.approve'), url: link('approve') },
      { label: t('extension.decline'), url: link('decline') },
    ],
  }),

  /** Approval lengthens the relationship by one extension, once, however often it is recorded. */
  record: async (context, question, { round }) => {
    const approved = extensionApproved(question);
    if (approved) await grantExtension(context.relationship.relationshipId, round);
    await writeToMembers(
      context,
      approved ? 'extension-approved' : 'extension-declined',
      () => String(round),
      ({ t, partner }) => ({
        subject: t(approved ? 'extension.approvedSubject' : 'extension.declinedSubject', { partner: partner.name }),
        paragraphs: [t(approved ? 'extension.approvedBody' : 'extension.declinedBody', { partner: partner.name, months: context.program.extension.months })],
      }),
    );
    await publish(extensionDecided(context.relationship, round, approved, clock().now()));
    return { approved, decidedAt: clock().now().toISOString() };
  },
};
