import type { Lane } from '#domain/lifecycle/lanes';
import { activeMentees, type Relationship, type Role } from '#domain/model';
import { clock } from '#platform/clock';
import { logger } from '#platform/logger';
import { stopRuns } from '#adapters/workflow/executions';
import { mailEventDeadLetters, type MailEventDeadLetters } from '#adapters/mail/dead-letters';
import {
  deleteRematchRequests,
  deleteResponseRecords,
  endEarlyForErasure,
  eraseAnswerDetails,
  eraseCircleName,
  eraseGoalTexts,
  erasePerson,
  eraseQuestionAnswer,
  findForgotten,
  findPersonIdByEmail,
  getRelationship,
  listProgramIds,
  listRelationshipsOfPerson,
  listMeetings,
  listResponseRecords,
  markForgotten,
  openRematchRequest,
  withdrawMeeting,
} from '#adapters/store';
import { meetingsToCancel } from '#domain/meeting-changes';
import { addRecords, endsWithout, mayStillRun, noRecords, totalRecords, type ErasedRecords } from '#domain/people/erasure';
import { publish } from '#adapters/events/port';
import { relationshipClosed } from '#domain/events/events';

/** Nobody with that address in the program(s) asked about: said to the coordinator as it is. */
export class UnknownPerson extends Error {
  override name = 'UnknownPerson';
}

export interface ForgetReport {
  /** Per program the person was in: who they were (their id) and since when they are forgotten. */
  programs: { programId: string; personId: string; forgottenAt: string }[];
  /** Every relationship they were in. */
  relationships: string[];
  /** Those that were still going and ended now, because their mentor or a mentee was forgotten. */
  ended: string[];
  records: ErasedRecords;
  /** Bounces and complaints about their address removed from the mail-events dead-letter queue. */
  deadLetters: number;
  /** Nothing held their personal data any more: they had been forgotten before. */
  nothingLeft: boolean;
}

const EVERY_LANE: Lane[] = ['main', 'agreement', 'pause', 'conclusion'];

/**
 * A relationship cannot go on without its mentor or a mentee: everything of it that runs is
 * stopped, and one not yet closed ends early, without blame, and with no letters (they would
 * name the forgotten person; the coordinator who asked tells whoever needs to know), its
 * meetings still ahead cancelled. The other mentees of a forgotten mentor get a rematch
 * request. Its questions and links go: nothing waits on them any more, and the relationship
 * keeps its own copy of the answers.
 */
const endWithout = async (
  relationship: Relationship,
  personId: string,
  roles: Set<Role>,
  at: string,
): Promise<{ ended: boolean; records: Partial<ErasedRecords> }> => {
  const { relationshipId } = relationship;
  if (mayStillRun(relationship)) await stopRuns(relationship, EVERY_LANE);
  let ended = false;
  if (relationship.status !== 'closed') {
    // First the meetings still ahead, without letters, so a retry finds them if it stopped between; those begun stay as they went.
    for (const m of meetingsToCancel(await listMeetings(relationshipId), at))
      await withdrawMeeting(relationshipId, m.meetingNo, m.occurrence, { cancelled: true });
    // Before it ends: a command run again finds it ended and publishes nothing; a conclusion ending it meanwhile publishes the same event.
    await publish(relationshipClosed(relationship, 'ended-early', new Date(at)));
    ended = await endEarlyForErasure(relationshipId, at);
    if (ended && roles.has('mentor'))
      for (const mentee of activeMentees(relationship).filter((m) => m.personId !== personId))
        await openRematchRequest({
          programId: relationship.programId,
          menteeId: mentee.personId,
          relationshipId,
          reason: 'ended-early',
          openedAt: at,
          status: 'open',
        });
  }
  const responses = await listResponseRecords(new Set([relationshipId]));
  await deleteResponseRecords(responses.map((record) => record.id));
  return {
    ended,
    records: { questions: responses.filter((r) => r.kind === 'question').length, links: responses.filter((r) => r.kind === 'link').length },
  };
};

/** A line manager or coordinator: the relationship goes on; their answers lose their details and their links go. */
const leaveOut = async (relationshipId: string, personId: string): Promise<Partial<ErasedRecords>> => {
  const responses = await listResponseRecords(new Set([relationshipId]));
  const links = responses.filter((record) => record.kind === 'link' && record.personId === personId);
  let questions = 0;
  for (const question of responses.filter((record) => record.kind === 'question')) questions += await eraseQuestionAnswer(question.id, personId);
  return { questions, links: await deleteResponseRecords(links.map((record) => record.id)) };
};

/**
 * `mentoring forget`: erases one person's personal data wherever it is, in every program (or
 * the one named) and every relationship they are in, running ones included. Their name and
 * address give way to a placeholder and the address no longer finds them; their answers lose
 * their details, a mentee's goals their text, a circle they were in its name, and the bounces or
 * complaints about their address waiting in the mail-events dead-letter queue go. Nobody writes
 * to them again: the mark is checked by enrolment and by every send. A relationship that
 * still runs and loses its mentor or a mentee ends at once (see `endWithout`); one that loses a
 * line manager or coordinator goes on without writing to them. Asking again changes nothing
 * and says so.
 */
export const forgetPerson = async (address: string, programId?: string, deadLetters: MailEventDeadLetters = mailEventDeadLetters()): Promise<ForgetReport> => {
  const at = clock().now().toISOString();
  const programs: ForgetReport['programs'] = [];
  for (const id of programId ? [programId] : await listProgramIds()) {
    const personId = await findPersonIdByEmail(id, address);
    const forgotten = await findForgotten(id, address);
    if (personId || forgotten) programs.push({ programId: id, personId: (forgotten?.personId ?? personId)!, forgottenAt: forgotten?.forgottenAt ?? at });
  }
  if (!programs.length) throw new UnknownPerson(`Nobody with the address ${address} is enrolled in ${programId ? `program ${programId}` : 'any program'}.`);

  let records = noRecords();
  const relationships: string[] = [];
  const ended: string[] = [];
  for (const { programId: program, personId } of programs) {
    // First the mark, then the name: whatever runs meanwhile, or a retry, finds them forgotten.
    await markForgotten(program, address, personId, at);
    records = addRecords(records, await erasePerson(program, personId, at));
    const rolesIn = new Map<string, Set<Role>>();
    for (const { relationshipId, role } of await listRelationshipsOfPerson(personId))
      rolesIn.set(relationshipId, (rolesIn.get(relationshipId) ?? new Set()).add(role));
    for (const [relationshipId, roles] of rolesIn) {
      relationships.push(relationshipId);
      const relationship = await getRelationship(relationshipId);
      if (endsWithout(roles)) {
        const result = await endWithout(relationship, personId, roles, at);
        if (result.ended) ended.push(relationshipId);
        records = addRecords(records, result.records);
      } else records = addRecords(records, await leaveOut(relationshipId, personId));
      records = addRecords(records, {
        answers: await eraseAnswerDetails(relationshipId, personId),
        goals: roles.has('mentee') ? await eraseGoalTexts(relationshipId, personId) : 0,
        // A circle's name may well say who is in it.
        circleNames: await eraseCircleName(relationshipId),
      });
    }
    records = addRecords(records, { rematchRequests: await deleteRematchRequests(program, personId) });
  }
  // SES's events keep the address itself; a queue only the program reads.
  const fromQueue = await deadLetters.removeMentioning(address);
  logger.info('person forgotten', { personIds: programs.map((p) => p.personId), relationshipIds: relationships, ended, deadLetters: fromQueue, ...records });
  return { programs, relationships, ended, records, deadLetters: fromQueue, nothingLeft: totalRecords(records) === 0 && ended.length === 0 && fromQueue === 0 };
};
