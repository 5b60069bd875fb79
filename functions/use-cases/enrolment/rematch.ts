import { clock } from '#platform/clock';
import { menteeIsFree, notAgainFor } from '#domain/endings';
import { rematchDay } from '#domain/matching/rematch-pool';
import { isRelationshipId } from '#domain/lifecycle/execution-names';
import type { Person, Relationship } from '#domain/model';
import { findPersonIdByEmail, findRelationship, findRelationshipIdOfMentee, getPeople, getProgram, getRelationship, listProgramIds } from '#adapters/store';
import { enrolCohort } from './enrol.ts';
import { proposeRematches } from '#use-cases/pool/rematch-proposals';
import type { EnrolledPerson } from './read-enrolment.ts';

/** Why a rematch cannot be made as asked: said to the coordinator as it is; nothing changed. */
export class RematchRefused extends Error {
  override name = 'RematchRefused';
}

/** A mentee who is free again, and the relationship they were last in. */
interface Freed {
  ended: Relationship;
  menteeId: string;
}

/** The mentee `who` names: a relationship id (its one freed mentee, or the one `mentee` names) or a mentee's address. */
const freedMentee = async (who: string, mentee: string | undefined, programId: string | undefined): Promise<Freed> => {
  const byAddress = async (address: string, inProgram?: string) => {
    for (const program of inProgram ? [inProgram] : programId ? [programId] : await listProgramIds()) {
      const personId = await findPersonIdByEmail(program, address.trim().toLowerCase());
      const relationshipId = personId && (await findRelationshipIdOfMentee(program, personId));
      if (personId && relationshipId) return { personId, relationshipId };
    }
    return undefined;
  };
  if (!isRelationshipId(who)) {
    const found = await byAddress(who);
    if (!found) throw new RematchRefused(`no mentee ${who}${programId ? ` in program ${programId}` : ''}`);
    return { ended: await getRelationship(found.relationshipId), menteeId: found.personId };
  }
  const ended = await findRelationship(who);
  if (!ended) throw new RematchRefused(`no relationship ${who}`);
  if (mentee) {
    const found = await byAddress(mentee, ended.programId);
    if (!found || !ended.mentees.some((m) => m.personId === found.personId)) throw new RematchRefused(`${mentee} is not a mentee of ${who}`);
    return { ended, menteeId: found.personId };
  }
  const freed = ended.mentees.filter((m) => menteeIsFree(ended, m.personId));
  if (freed.length !== 1 && ended.mentees.length > 1) throw new RematchRefused(`${who} is a circle: name the mentee to match again with --mentee <address>`);
  return { ended, menteeId: ended.mentees[0]!.personId };
};

/** The relationships a mentee was in, the latest first: each rematch names the one it took them over from. */
const earlierOf = async (latest: Relationship): Promise<Relationship[]> => {
  const chain = [latest];
  for (let id = latest.rematchOf; id; id = chain.at(-1)!.rematchOf) {
    const earlier = await findRelationship(id);
    if (!earlier) break;
    chain.push(earlier);
  }
  return chain;
};

const enrolled = ({ name, email, locale, timeZone }: Person): EnrolledPerson => ({ name, email, locale, timeZone });

const mustBeFree = (ended: Relationship, menteeId: string): void => {
  if (!menteeIsFree(ended, menteeId)) throw new RematchRefused(`${ended.relationshipId} is still under way: end it without blame first (mentoring conclude)`);
};

/**
 * Matches a mentee again after a no-fault ending, a declined match or leaving a circle: a new
 * relationship with the mentor, enrolled as any other (the match is proposed to both, with a
 * year of its own from today), that names the one it follows and is named by it. Never with a
 * mentor the mentee had before, nor their line manager. `mentor` names the mentor in what it refuses.
 */
export const rematchWith = async (
  ended: Relationship,
  menteeId: string,
  mentorId: string,
  mentor = 'that mentor',
): Promise<{ relationshipId: string; rematchOf: string }> => {
  mustBeFree(ended, menteeId);
  const current = await findRelationshipIdOfMentee(ended.programId, menteeId);
  if (current !== ended.relationshipId) throw new RematchRefused(`that mentee has been matched again since, in ${current}`);
  if (mentorId === menteeId) throw new RematchRefused('a mentee cannot mentor themself');
  if (notAgainFor(menteeId, await earlierOf(ended)).has(mentorId))
    throw new RematchRefused(`${mentor} mentored this mentee before, or is their line manager: a rematch needs someone new`);

  const theirs = ended.mentees.find((m) => m.personId === menteeId)!;
  const people = await getPeople(ended.programId, [menteeId, mentorId, theirs.managerId, ended.coordinatorId]);
  const [menteePerson, mentorPerson, manager, coordinator] = [menteeId, mentorId, theirs.managerId, ended.coordinatorId].map((id) => people.get(id));
  if (!menteePerson || !mentorPerson || !manager || !coordinator || [menteePerson, mentorPerson, manager, coordinator].some((p) => p.erasedAt))
    throw new RematchRefused('someone this rematch needs has been forgotten; enrol the new pair with a file');
  const program = await getProgram(ended.programId);
  const { enrolled: started } = await enrolCohort(program, [
    {
      row: 1,
      mentee: enrolled(menteePerson),
      mentor: enrolled(mentorPerson),
      manager: enrolled(manager),
      coordinator: enrolled(coordinator),
      competencies: theirs.competencies,
      timeZone: ended.timeZone,
      // A year of its own, from today on the pair's calendar.
      startDate: rematchDay(clock().now(), ended.timeZone),
    },
  ]);
  return { relationshipId: started[0]!, rematchOf: ended.relationshipId };
};

/**
 * The coordinator's `mentoring rematch`: the mentee by address (or the ended relationship's id),
 * with the mentor named, or else the one proposed (`proposeRematches`).
 */
export const rematchMentee = async ({
  who,
  mentor,
  mentee,
  programId,
}: {
  who: string;
  mentor?: string;
  mentee?: string;
  programId?: string;
}): Promise<{ relationshipId: string; rematchOf: string; mentor: string }> => {
  const { ended, menteeId } = await freedMentee(who, mentee, programId);
  // Before any proposal is looked for: a mentee still under way has none.
  mustBeFree(ended, menteeId);
  if (!mentor) {
    const proposed = (await proposeRematches(ended.programId)).find((p) => p.mentee.personId === menteeId && p.relationshipId === ended.relationshipId);
    if (!proposed) throw new RematchRefused('no mentor with room fits this mentee now: name one with --mentor <address>');
    return { ...(await rematchWith(ended, menteeId, proposed.mentor.personId, proposed.mentor.email)), mentor: proposed.mentor.name };
  }
  const mentorId = await findPersonIdByEmail(ended.programId, mentor.trim().toLowerCase());
  if (!mentorId) throw new RematchRefused(`no one with the address ${mentor} takes part in program ${ended.programId}: enrol a new mentor with a file`);
  return { ...(await rematchWith(ended, menteeId, mentorId, mentor)), mentor };
};
