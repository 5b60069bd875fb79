import { clock } from '#platform/clock';
import { formatDeadline } from '#presentation/messages/index';
import { members } from '#use-cases/relationship/write-to';
import { leaveRelationship } from '#use-cases/endings/endings';
import { updateRelationship } from '#adapters/store';
import type { QuestionKind } from '#use-cases/relationship/question-kind';
import { openEndLinks } from '#use-cases/relationship/end-links';
import { matchPage } from '#presentation/pages/questions/match-page';

type Decision = 'accepted' | 'declined' | 'no-answer';

/**
 * The proposed match, to mentor and mentee(s) each: accept or decline, with an optional
 * private reason for the coordinator. A pair goes on when both accept; a circle when its
 * mentor and at least one mentee do, and a mentee who declines leaves it with a rematch.
 */
export const match: QuestionKind = {
  ...matchPage,
  questionId: (relationshipId) => `${relationshipId}.match`,
  prepare: async (context) => {
    // Before the first letter: every e-mail to a mentor or mentee carries their private end link.
    await openEndLinks(context);
    return {
      circle: context.mentees.length > 1 ? 'yes' : 'no',
      competencies: context.program.competencies
        .filter((c) => context.relationship.competencies.includes(c.id))
        .map((c) => c.name)
        .join(', '),
    };
  },
  asked: members,

  letter: (t, { person, role, partner }, question, attempt, link) => ({
    subject: t(attempt === 'first' ? `match.subject_${role}` : 'match.reminderSubject', { partner: partner.name }),
    paragraphs: [
      t(`match.body_${role}`, { partner: partner.name, competencies: question.page.competencies }),
      t('match.decide', { deadline: formatDeadline(question.closesAt, person.timeZone, person.locale) }),
    ],
    actions: [
      { label: t('match.accept'), url: link('accept') },
      { label: t('match.decline'), url: link('decline') },
    ],
  }),

  record: async (context, question) => {
    const accepted = new Set(
      Object.entries(question.answers)
        .filter(([, a]) => a.outcome === 'accept')
        .map(([id]) => id),
    );
    const mentorIn = accepted.has(context.mentor.personId);
    const menteesIn = context.mentees.filter((m) => accepted.has(m.personId));
    const anyDecline = Object.values(question.answers).some((a) => a.outcome === 'decline');
    let decision: Decision;
    if (mentorIn && menteesIn.length > 0 && (menteesIn.length === context.mentees.length || context.mentees.length > 1)) decision = 'accepted';
    else decision = anyDecline ? 'declined' : 'no-answer';

    if (decision === 'accepted') {
      // Those of a circle who declined or never answered leave it, and get a rematch of their own.
      for (const mentee of context.mentees.filter((m) => !accepted.has(m.personId)))
        await leaveRelationship(context, mentee.personId, question.answers[mentee.personId] ? 'declined' : 'no-answer');
      await updateRelationship(
        context.relationship.relationshipId,
        { status: 'active', matchedAt: clock().now().toISOString() },
        { condition: '#status = :matching', values: { ':matching': 'matching' } },
      );
    }
    return { decision, stayed: menteesIn.length };
  },
};
