import { clock } from '#platform/clock';
import { logger } from '#platform/logger';
import { isInvited, type Ending, type GivenAnswer, type Relationship } from '#domain/model';
import type { Lane } from '#domain/lifecycle/lanes';
import { startPhase, stopRuns } from '#adapters/workflow/executions';
import { holdersOf, loadRelationship, type RelationshipContext } from '#use-cases/relationship/relationship-context';
import {
  getQuestion,
  getRelationship,
  listAnswers,
  listMeetings,
  markMenteeLeft,
  openRematchRequest,
  saveAnswer,
  updateRelationship,
  withdrawMeeting,
  type RematchReason,
} from '#adapters/store';
import type { CloseTask, PhaseTask } from '#domain/task-payloads';
import { executionName } from '#domain/lifecycle/execution-names';
import { phaseNumber } from '#domain/lifecycle/phases';
import { endsTheRelationship, requesterOf } from '#domain/lifecycle/end-requests';
import { firstAnswer } from '#domain/question-answers';
import { endQuestionId } from '#use-cases/relationship/end-links';
import { coordinator, managers, writeTo, writeToMembers, type Reader } from '#use-cases/relationship/write-to';
import { cancellationPart } from '#use-cases/relationship/invitations';
import { celebrate } from '#use-cases/closure/celebration';
import { meetingsToCancel } from '#domain/meeting-changes';

/** The private reasons people gave the coordinator for declining or ending, by person. */
const privateReasons = async (relationshipId: string, kinds: string[]): Promise<Map<string, string>> => {
  const reasons = new Map<string, string>();
  for (const saved of await listAnswers(relationshipId)) {
    if (!kinds.includes(String(saved.kind))) continue;
    for (const [personId, answer] of Object.entries(saved.answers as Record<string, { details?: { note?: string } }>))
      if (answer.details?.note) reasons.set(personId, answer.details.note);
  }
  return reasons;
};

/** Opens a rematch for a mentee and tells the coordinator, with any reason given to them in private. */
const askForRematch = async (context: RelationshipContext, menteeId: string, reason: RematchReason) => {
  const mentee = context.everyMentee.find((m) => m.personId === menteeId)!;
  await openRematchRequest({
    programId: context.program.id,
    menteeId,
    relationshipId: context.relationship.relationshipId,
    reason,
    openedAt: clock().now().toISOString(),
    status: 'open',
  });
  const reasons = await privateReasons(context.relationship.relationshipId, ['match', 'end-relationship', 'review']);
  const notes = [...reasons.values()];
  await writeTo(
    context,
    coordinator(context, mentee),
    'rematch-request',
    () => menteeId,
    ({ t }) => ({
      subject: t('rematch.subject', { mentee: mentee.name }),
      paragraphs: [
        t(`rematch.${reason}`, { mentee: mentee.name, mentor: context.mentor.name }),
        ...(notes.length ? [t('rematch.notes', { notes: notes.map((n) => `“${n}”`).join(' ') })] : []),
        t('rematch.next', { mentee: mentee.name }),
      ],
    }),
  );
};

/**
 * A mentee leaves a circle that goes on without them: no blame, a rematch of their own.
 * `last` when nobody else is left in it: then they cannot leave alone, and nothing changed.
 */
export const leaveRelationship = async (context: RelationshipContext, menteeId: string, reason: RematchReason): Promise<'left' | 'last'> => {
  if (!(await markMenteeLeft(context.relationship.relationshipId, context.relationship.mentees, menteeId))) return 'last';
  const mentee = context.everyMentee.find((m) => m.personId === menteeId)!;
  // Their own calendar loses the meetings still ahead; the circle's stay as they are.
  const ahead = meetingsToCancel(await listMeetings(context.relationship.relationshipId), clock().now()).filter((m) => isInvited(m));
  const asInvited = { ...context };
  // No longer in it: their letters stop offering a way to end it.
  context.mentees = context.mentees.filter((m) => m.personId !== menteeId);
  await writeTo(
    context,
    [{ person: mentee, role: 'mentee', partner: context.mentor }],
    'left-circle',
    () => 'once',
    (reader) => ({
      subject: reader.t('leftCircle.subject'),
      paragraphs: [reader.t(`leftCircle.${reason === 'ended-early' ? 'ended' : 'notMatched'}`, { mentor: context.mentor.name }), reader.t('ending.rematch')],
      calendars: ahead.map((m) => cancellationPart(asInvited, m, reader)),
    }),
  );
  await askForRematch(context, menteeId, reason);
  return 'left';
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
  const context = await loadRelationship(relationshipId);
  context.ending = ending;
  const now = clock().now().toISOString();
  let sent = 0;
  if (ending === 'completed') {
    sent = await celebrate(context);
  } else {
    await stopRuns(context.relationship, stop);
    const key = ending === 'not-matched' ? 'notMatched' : 'endedEarly';
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
    const reason: RematchReason = ending === 'ended-early' ? 'ended-early' : (await matchDeclined(relationshipId)) ? 'declined' : 'no-answer';
    for (const mentee of context.mentees) await askForRematch(context, mentee.personId, reason);
  }
  await updateRelationship(relationshipId, { status: 'closed', ending }, { ifNotExists: { closedAt: now } });
  logger.info('relationship closed', { ending });
  return { ending, sent };
};

const matchDeclined = async (relationshipId: string) =>
  (await listAnswers(relationshipId)).some(
    (a) => a.kind === 'match' && Object.values(a.answers as Record<string, { outcome: string }>).some((x) => x.outcome === 'decline'),
  );

/**
 * The coordinator ends a relationship early, without blame (`mentoring conclude`): starts the
 * conclusion, which stops whatever runs. Asking twice changes nothing.
 */
export const requestEnd = async (relationshipId: string): Promise<'ending' | 'already-closed'> => {
  const relationship: Relationship = await getRelationship(relationshipId);
  if (relationship.status === 'closed') return 'already-closed';
  await updateRelationship(relationshipId, {}, { ifNotExists: { endRequestedAt: clock().now().toISOString(), endRequestedBy: 'coordinator' } });
  await startPhase(relationshipId, 'conclusion');
  return 'ending';
};

/**
 * Whichever conclusion ends the relationship claims it first: the relationship's own
 * `conclusion`, or a circle's last mentee's. So however many run at once, one ends it. A
 * retried step claims again what it claimed before.
 */
const claimTheEnd = (relationshipId: string, phase: PhaseTask['phase']): Promise<boolean> => {
  const name = executionName(relationshipId, phase);
  return updateRelationship(
    relationshipId,
    { conclusionRun: { phase, name } },
    { condition: 'attribute_not_exists(#conclusionRun) OR #conclusionRun.#name = :name', values: { ':name': name } },
  );
};

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
  const askedIds = Object.keys(question?.links ?? {});
  const requests = Object.entries(question?.answers ?? {});
  let request: GivenAnswer | undefined;
  if (phaseNumber(phase) > 0) {
    const personId = requesterOf(phase, askedIds);
    request = personId ? question?.answers[personId] : undefined;
    if (!personId || !request) throw new Error(`End request ${phaseNumber(phase)} of ${relationshipId} is not recorded`);
    if (request.role === 'mentee') {
      if (!context.mentees.some((m) => m.personId === personId)) return { ended: 'nothing' };
      await saveAnswer({ ...question!, settledAt: request.answeredAt }, holdersOf(context));
      if ((await leaveRelationship(context, personId, 'ended-early')) === 'left') return { ended: 'membership' };
    }
  } else {
    request = firstAnswer({ answers: Object.fromEntries(requests.filter(([personId, a]) => endsTheRelationship({ personId, role: a.role }, askedIds))) });
  }
  if (!(await claimTheEnd(relationshipId, phase))) return { ended: 'nothing' };
  if (request) {
    await saveAnswer({ ...question!, settledAt: request.answeredAt }, holdersOf(context));
    await updateRelationship(relationshipId, {}, { ifNotExists: { endRequestedAt: request.answeredAt, endRequestedBy: request.role } });
  }
  // A review's "no" ends the meetings phase by itself; anything else is stopped where it is.
  const byReview = context.relationship.endRequestedBy === 'review';
  await closeRelationship({ relationshipId, ending: 'ended-early' }, byReview ? ['agreement', 'pause'] : ['main', 'agreement', 'pause']);
  return { ended: 'relationship' };
};
