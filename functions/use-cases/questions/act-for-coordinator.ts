import { clock } from '#platform/clock';
import { logger } from '#platform/logger';
import { coordinatorActionOf, coordinatorActionQuestionId } from '#domain/desk/coordinator-actions';
import { addDays } from '#domain/program/schedule';
import type { PhaseTask } from '#domain/task-payloads';
import { getQuestion, saveAnswer } from '#adapters/store';
import { rematchWith, RematchRefused } from '#use-cases/enrolment/rematch';
import { holdersOf, loadRelationship, type RelationshipContext } from '#use-cases/relationship/relationship-context';
import { members, writeTo } from '#use-cases/relationship/write-to';
import { pauseRelationship, RelationshipActionRefused } from '#use-cases/pauses/pauses';
import { requestEnd } from '#use-cases/endings/endings';
import { resendQuestions } from './resend.ts';

/**
 * Nudges the pair as their coordinator asked: the questions that waited on them at the digest, if still open, are sent again
 * (with the same links, once a day), and whoever has none gets a short word from the coordinator
 * asking how it goes, once per digest week. Returns how many e-mails went.
 */
const nudgePair = async (context: RelationshipContext, weekKey: string, waiting: string[]): Promise<number> => {
  const resent = await resendQuestions(context.relationship.relationshipId, waiting);
  const reached = new Set(resent.flatMap((r) => r.to.map((p) => p.personId)));
  const word = await writeTo(
    context,
    members(context).filter(({ person }) => !reached.has(person.personId)),
    'coordinator-nudge',
    () => weekKey,
    ({ t, partner }) => ({
      subject: t('coordinatorNudge.subject', { partner: partner.name }),
      paragraphs: [t('coordinatorNudge.body', { partner: partner.name, coordinator: context.coordinator.name }), t('coordinatorNudge.tip')],
    }),
  );
  return resent.reduce((n, r) => n + r.sent, word);
};

/**
 * Carries out what the coordinator chose in a weekly digest, as recorded by its link: nudge the
 * pair, pause the relationship for the length chosen, end it without blame, or match an ended
 * relationship's mentee again with the mentor proposed. An action the
 * relationship no longer allows (it ended, or left its meetings meanwhile) changes nothing and
 * says why in the run's output and log. Ids, outcomes and counts only.
 */
export const actForCoordinator = async ({ relationshipId, phase }: PhaseTask) => {
  const chosen = coordinatorActionOf(phase);
  if (!chosen) throw new Error(`${phase} is not a coordinator's action`);
  const { action, weekKey } = chosen;
  const question = await getQuestion(coordinatorActionQuestionId(relationshipId, chosen));
  const answer = question && Object.values(question.answers).find((a) => a.role === 'coordinator' && a.outcome === action);
  if (!answer) throw new Error(`The coordinator's ${action} of ${relationshipId} (week ${weekKey}) is not recorded`);
  // Kept with the relationship's answers, as an end request is: its story and the coordinator's note outlive the link.
  const context = await loadRelationship(relationshipId);
  await saveAnswer({ ...question, settledAt: answer.answeredAt }, holdersOf(context));
  try {
    if (action === 'nudge') return { action, sent: await nudgePair(context, weekKey, question.page.waiting?.split(' ').filter(Boolean) ?? []) };
    if (action === 'pause') {
      const pause = await pauseRelationship(relationshipId, addDays(clock().now(), Number(answer.details.days)));
      return { action, pauseNo: pause.pauseNo, until: pause.plannedUntil };
    }
    if (action === 'rematch') {
      const rematch = await rematchWith(context.relationship, question.page.menteeId!, question.page.mentorId!);
      return { action, rematchedAs: rematch.relationshipId };
    }
    return { action, outcome: await requestEnd(relationshipId) };
  } catch (error) {
    if (!(error instanceof RelationshipActionRefused) && !(error instanceof RematchRefused)) throw error;
    logger.warn("coordinator's action refused", { relationshipId, action, reason: error.message });
    return { action, refused: error.message };
  }
};
