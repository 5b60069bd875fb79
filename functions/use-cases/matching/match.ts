import { clock } from '#platform/clock';
import { formatDeadline } from '#presentation/messages/index';
import { members } from '#use-cases/relationship/write-to';
import { leaveRelationship } from '#use-cases/endings/endings';
import { markMatched } from '#adapters/store';
import { focusCompetencyNames, matchDecision } from '#domain/agreement';
import type { QuestionKind } from '#use-cases/relationship/question-kind';
import type { QuestionSubject } from '#domain/model';
import type { RecordedBy } from '#domain/task-payloads';
import { openEndLinks } from '#use-cases/relationship/end-links';
import { matchPage } from '#presentation/pages/questions/match-page';
import { publish } from '#adapters/events/port';
import { matchDecided } from '#domain/events/events';

/**
 * The proposed match, to mentor and mentee(s) each: accept or decline, with an optional
 * private reason for the coordinator. A pair goes on when both accept; a circle when its
 * mentor and at least one mentee do, and a mentee who declines leaves it with a rematch.
 */
export const match: QuestionKind<QuestionSubject, RecordedBy<'match'>> = {
  ...matchPage,
  questionId: (relationshipId) => `${relationshipId}.match`,
  // Before the first letter: every e-mail to a mentor or mentee carries their private end link.
  beforeAsking: openEndLinks,
  prepare: async (context) => ({
    circle: context.mentees.length > 1 ? 'yes' : 'no',
    competencies: focusCompetencyNames(context.program.competencies, context.relationship.competencies),
  }),
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
    const { decision, stayed, leaving } = matchDecision(
      { mentorId: context.mentor.personId, menteeIds: context.mentees.map((m) => m.personId) },
      question.answers,
    );
    if (decision === 'accepted') {
      // Those of a circle who declined or never answered leave it, and get a rematch of their own.
      let goesOn = context;
      for (const { menteeId, because } of leaving) goesOn = (await leaveRelationship(goesOn, menteeId, because)).context;
      await markMatched(context.relationship.relationshipId, clock().now().toISOString());
    }
    await publish(matchDecided(context.relationship, { decision, stayed, left: leaving.length }, clock().now()));
    return { decision, stayed };
  },
};
