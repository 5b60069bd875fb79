import { clock } from '#platform/clock';
import { logger } from '#platform/logger';
import { isInvited, type Ending, type Relationship } from '#domain/model';
import type { Lane } from '#domain/lifecycle/lanes';
import { startPhase, stopRuns } from '#adapters/workflow/executions';
import { holdersOf, loadRelationship, type RelationshipContext } from '#use-cases/relationship/relationship-context';
import {
  claimConclusion,
  closeQuestion,
  getQuestion,
  getRelationship,
  listAnswers,
  listMeetings,
  markMenteeLeft,
  openRematchRequest,
  recordClosure,
  recordEndRequest,
  saveAnswer,
  withdrawMeeting,
} from '#adapters/store';
import type { CloseTask, PhaseTask } from '#domain/task-payloads';
import { executionName } from '#domain/lifecycle/execution-names';
import { phaseNumber } from '#domain/lifecycle/phases';
import { endingKey, endRequestOf, lanesToStop, rematchReason, type RematchReason } from '#domain/endings';
import { managers, writeTo, writeToMembers, type Reader } from '#use-cases/relationship/write-to';
import { cancellationPart } from '#use-cases/relationship/invitations';
import { endQuestionId } from '#use-cases/relationship/end-links';
import { celebrate } from '#use-cases/closure/celebration';
import { meetingsToCancel } from '#domain/meeting-changes';
import { publish } from '#adapters/events/port';
import { relationshipClosed } from '#domain/events/events';

/** Opens a rematch for a mentee: their coordinator reads of it, with any reason given to them in private, in the next weekly digest. */
const askForRematch = async (context: RelationshipContext, menteeId: string, reason: RematchReason) => {
  await openRematchRequest({
    programId: context.program.id,
    menteeId,
    relationshipId: context.relationship.relationshipId,
    reason,
    openedAt: clock().now().toISOString(),
    status: 'open',
  });
};

/**
 * A mentee leaves a circle that goes on without them: no blame, a rematch of their own.
 * `last` when nobody else is left in it: then they cannot leave alone, and nothing changed.
 * The context returned is the circle as it goes on, without them.
 */
export const leaveRelationship = async (
  context: RelationshipContext,
  menteeId: string,
  reason: RematchReason,
): Promise<{ outcome: 'left' | 'last'; context: RelationshipContext }> => {
  if (!(await markMenteeLeft(context.relationship.relationshipId, context.relationship.mentees, menteeId))) return { outcome: 'last', context };
  const mentee = context.everyMentee.find((m) => m.personId === menteeId)!;
  // Their own calendar loses the meetings still ahead; the circle's stay as they are.
  const ahead = meetingsToCancel(await listMeetings(context.relationship.relationshipId), clock().now()).filter((m) => isInvited(m));
  // No longer in it: their letters stop offering a way to end it.
  const goesOn = { ...context, mentees: context.mentees.filter((m) => m.personId !== menteeId) };
  await writeTo(
    goesOn,
    [{ person: mentee, role: 'mentee', partner: context.mentor }],
    'left-circle',
    () => 'once',
    (reader) => ({
      subject: reader.t('leftCircle.subject'),
      paragraphs: [reader.t(`leftCircle.${reason === 'ended-early' ? 'ended' : 'notMatched'}`, { mentor: context.mentor.name }), reader.t('ending.rematch')],
      calendars: ahead.map((m) => cancellationPart(context, m, reader)),
    }),
  );
  await askForRematch(goesOn, menteeId, reason);
  return { outcome: 'left', context: goesOn };
};

/**
 * The meetings an early end takes out of the calendars, those still ahead: a cancellation for
 * each one invited, one SEQUENCE above its invitation; then each is cancelled. One already
 * begun (its check-in perhaps still open) stays in the calendars' history.
 */
const cancelMeetingsAhead = async (context: RelationshipContext) => {
  const ahead = meetingsToCancel(await listMeetings(context.relationship.relationshipId), clock().now());
  return {
    parts: (reader: Reader) => ahead.filter((m) => isInvited(m)).map((m) => cancellationPart(context, m, reader)),
    done: async () => {
      for (const m of ahead) await withdrawMeeting(m.relationshipId, m.meetingNo, m.occurrence, { cancelled: true });
    },
  };
};

/**
 * Ends a relationship: `completed` at closure (recognition and summaries), `not-matched` when
 * the match did not go ahead, `ended-early` for a no-fault conclusion. Nobody is told who
 * declined or who asked to end it; each mentee gets a rematch when it ends before its time.
 */
export const closeRelationship = async ({ relationshipId, ending }: CloseTask, stop: Lane[] = []): Promise<{ ending: Ending; sent: number }> => {
  // Its letters no longer offer a way to end it.
  const context: RelationshipContext = { ...(await loadRelationship(relationshipId)), ending };
  const now = clock().now().toISOString();
  let sent = 0;
  if (ending === 'completed') {
    sent = await celebrate(context);
  } else {
    await stopRuns(context.relationship, stop);
    const key = endingKey(ending);
    const cancelled = await cancelMeetingsAhead(context);
    sent += await writeToMembers(
      context,
      `ending-${ending}`,
      () => 'once',
      (reader) => ({
        subject: reader.t(`ending.${key}Subject`),
        paragraphs: [
          reader.t(`ending.${key}`, { partner: reader.partner.name }),
          ...(reader.role === 'mentee' ? [reader.t('ending.rematch')] : [reader.t('ending.thanksMentor')]),
        ],
        calendars: cancelled.parts(reader),
      }),
    );
    await cancelled.done();
    // Line managers knew of the relationship only once it started.
    if (ending === 'ended-early')
      sent += await writeTo(
        context,
        managers(context),
        'ending-manager',
        () => 'once',
        ({ t, partner }) => ({
          subject: t('ending.managerSubject', { mentee: partner.name }),
          paragraphs: [t('ending.manager', { mentee: partner.name })],
        }),
      );
    // Whether the match was declined is read only for a match that did not go ahead.
    const reason = rematchReason(ending, ending === 'ended-early' ? [] : await listAnswers(relationshipId));
    for (const mentee of context.mentees) await askForRematch(context, mentee.personId, reason);
  }
  // Before the closure is recorded: a retry after a failed publish finds the relationship still open, and publishes again.
  await publish(relationshipClosed(context.relationship, ending, new Date(now)));
  await recordClosure(relationshipId, ending, now);
  logger.info('relationship closed', { ending });
  return { ending, sent };
};

/**
 * The coordinator ends a relationship early, without blame (`mentoring conclude`): starts the
 * conclusion, which stops whatever runs. Asking twice changes nothing.
 */
export const requestEnd = async (relationshipId: string): Promise<'ending' | 'already-closed'> => {
  const relationship: Relationship = await getRelationship(relationshipId);
  if (relationship.status === 'closed') return 'already-closed';
  await recordEndRequest(relationshipId, clock().now().toISOString(), 'coordinator');
  await startPhase(relationshipId, 'conclusion');
  return 'ending';
};

/**
 * Whichever conclusion ends the relationship claims it first: the relationship's own
 * `conclusion`, or a circle's last mentee's. So however many run at once, one ends it. A
 * retried step claims again what it claimed before.
 */
const claimTheEnd = (relationshipId: string, phase: PhaseTask['phase']): Promise<boolean> =>
  claimConclusion(relationshipId, phase, executionName(relationshipId, phase));

/**
 * The conclusion: someone asked to end early. Its phase says who: `conclusion` acts on the
 * first request to end the whole relationship (the coordinator's, the mid-point review's, or
 * a member's through their own link, the earliest stored if several asked at once);
 * `conclusion-<n>` on a circle's mentee's, who leaves a circle that goes on, or, if they are
 * its last mentee, ends it. The relationship ends once, however many conclusions run.
 */
export const endWithoutBlame = async ({ relationshipId, phase }: PhaseTask): Promise<{ ended: 'relationship' | 'membership' | 'nothing' }> => {
  const context = await loadRelationship(relationshipId);
  if (context.relationship.status === 'closed') return { ended: 'nothing' };
  // The coordinator's `mentoring conclude` works without it, also once its record has expired.
  const question = await getQuestion(endQuestionId(relationshipId));
  const chosen = endRequestOf(phase, question);
  if (chosen.acts === 'missing') throw new Error(`End request ${phaseNumber(phase)} of ${relationshipId} is not recorded`);
  if (chosen.acts === 'leaving') {
    if (!context.mentees.some((m) => m.personId === chosen.personId)) return { ended: 'nothing' };
    await saveAnswer({ ...question!, settledAt: chosen.request.answeredAt }, holdersOf(context));
    if ((await leaveRelationship(context, chosen.personId, 'ended-early')).outcome === 'left') return { ended: 'membership' };
  }
  if (!(await claimTheEnd(relationshipId, phase))) return { ended: 'nothing' };
  // The links take no request from here on: each one stored until now is kept, and a later one is told the question has closed.
  const requests = question && ((await closeQuestion(question.questionId)) ?? question);
  const { request } = chosen;
  if (request) {
    await saveAnswer({ ...requests!, settledAt: request.answeredAt }, holdersOf(context));
    await recordEndRequest(relationshipId, request.answeredAt, request.role);
  }
  await closeRelationship({ relationshipId, ending: 'ended-early' }, lanesToStop(context.relationship.endRequestedBy));
  return { ended: 'relationship' };
};
