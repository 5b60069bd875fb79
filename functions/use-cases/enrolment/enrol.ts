import type { Program } from '#domain/program/config';
import { ROLES_IN_FILE } from '#domain/people/enrolment-file';
import { clock } from '#platform/clock';
import { idBytes } from '#platform/ids';
import type { Person, Relationship } from '#domain/model';
import { startFirstPhase } from '#use-cases/phases/start-next-phase';
import {
  findForgotten,
  findPersonIdByEmail,
  findRelationshipIdOfMentee,
  getRelationship,
  isPersonStored,
  listRematchRequests,
  saveEnrolment,
  saveProgram,
} from '#adapters/store';
import { menteeIsFree, notAgainFor } from '#domain/endings';
import { EnrolmentError, groupIntoRelationships, type EnrolledPerson, type PairRow } from './read-enrolment.ts';

/**
 * Named by the program and an address, so a seeded local run repeats its ids; a person
 * enrolled again after being forgotten and readmitted is a new person (`generation` 1, 2, …),
 * never the erased record, nor its relationships.
 */
const newId = (prefix: string, programId: string, email: string, generation = 0, after?: string) =>
  `${prefix}-${idBytes(6, prefix, programId, generation ? `${email}#${generation}` : email, ...(after ? [after] : [])).toString('hex')}`;

const MARKS_IN_FLIGHT = 25;

/**
 * Every cell of the file whose address was forgotten in this program (`mentoring forget`). One
 * such row stops the whole file, as any other problem does: every row is checked before
 * anything is stored, so a cohort is never half enrolled around a person who is not there (a
 * circle without a member, a mentor's other pair without its mentor).
 */
const forgottenCells = async (programId: string, rows: PairRow[]): Promise<string[]> => {
  const addresses = [...new Set(rows.flatMap((row) => ROLES_IN_FILE.map((column) => row[column].email)))];
  const forgotten = new Map<string, string>();
  // A cohort names thousands of addresses: a few reads in flight at a time.
  for (let i = 0; i < addresses.length; i += MARKS_IN_FLIGHT)
    await Promise.all(
      addresses.slice(i, i + MARKS_IN_FLIGHT).map(async (email) => {
        const mark = await findForgotten(programId, email);
        if (mark) forgotten.set(email, mark.forgottenAt.slice(0, 10));
      }),
    );
  return rows.flatMap((row) =>
    ROLES_IN_FILE.filter((column) => forgotten.has(row[column].email)).map(
      (column) =>
        `row ${row.row}: ${column}_email was forgotten on ${forgotten.get(row[column].email)} (mentoring forget); to enrol this person again at their request, run \`mentoring readmit ${row[column].email} --program ${programId}\` first`,
    ),
  );
};

export interface EnrolmentReport {
  enrolled: string[];
  alreadyEnrolled: string[];
}

/** StartExecution is throttled per account; a few in flight keeps a large cohort well below it. */
const STARTS_IN_FLIGHT = 8;

/**
 * Stores the program, every person once (by address), and one relationship per pair or
 * circle, then starts each relationship's matching. Enrolling the same file again starts
 * nothing new.
 */
export const enrolCohort = async (
  program: Program,
  rows: PairRow[],
  onProgress: (done: number, total: number) => void = () => {},
  file = 'the enrolment',
): Promise<EnrolmentReport> => {
  // Nobody forgotten is written to again: refused before anything of the file is stored.
  const forgotten = await forgottenCells(program.id, rows);
  if (forgotten.length) throw new EnrolmentError(file, forgotten);

  const known = new Map<string, string>();
  const generationOf = new Map<string, number>();
  const stored = new Set<string>();
  const personIdOf = async ({ email }: EnrolledPerson) => {
    if (!known.has(email)) {
      const existing = await findPersonIdByEmail(program.id, email);
      if (existing) stored.add(existing);
      let generation = 0;
      // An erased record with the id this address would get: they were forgotten and readmitted.
      if (!existing) while (await isPersonStored(program.id, newId('p', program.id, email, generation))) generation++;
      generationOf.set(email, generation);
      known.set(email, existing ?? newId('p', program.id, email, generation));
    }
    return known.get(email)!;
  };

  // A relationship under way is never changed by a file: a new mentor for an enrolled mentee is refused.
  // A mentee whose relationship ended (or who left its circle) is free: their new one is a rematch of it.
  const groups = groupIntoRelationships(rows);
  const existingOf = new Map<PairRow[], string>();
  const rematchOf = new Map<PairRow[], string>();
  const conflicts: string[] = [];
  for (const group of groups) {
    const found = new Set<string>();
    const ended = new Set<string>();
    for (const row of group) {
      const menteeId = await personIdOf(row.mentee);
      const relationshipId = stored.has(menteeId) ? await findRelationshipIdOfMentee(program.id, menteeId) : undefined;
      if (!relationshipId) continue;
      const earlier = await getRelationship(relationshipId);
      if (menteeIsFree(earlier, menteeId)) {
        ended.add(relationshipId);
        if (notAgainFor(menteeId, [earlier]).has(await personIdOf(row.mentor)))
          conflicts.push(
            `row ${row.row}: ${row.mentor.email} mentored ${row.mentee.email} in the relationship that ended (${relationshipId}); a rematch needs another mentor`,
          );
        continue;
      }
      found.add(relationshipId);
      if ((await getRelationship(relationshipId)).mentorId !== (await personIdOf(row.mentor)))
        conflicts.push(`row ${row.row}: ${row.mentee.email} is already enrolled with another mentor; a pairing under way is not changed by enrolment`);
    }
    if (ended.size > 1)
      conflicts.push(
        `row ${group[0]!.row}: circle "${group[0]!.circle ?? ''}" takes up mentees of ${ended.size} ended relationships; enrol each one's new circle or pair apart`,
      );
    else if (ended.size === 1 && found.size === 0) rematchOf.set(group, [...ended][0]!);
    if (found.size === 0) continue;
    const [relationshipId] = found;
    const members = (await getRelationship(relationshipId!)).mentees.length;
    if (found.size > 1 || members !== group.length)
      conflicts.push(
        `row ${group[0]!.row}: circle "${group[0]!.circle ?? ''}" is already under way with other members; a circle under way is not changed by enrolment`,
      );
    else existingOf.set(group, relationshipId!);
  }
  if (conflicts.length) throw new EnrolmentError(file, conflicts);
  await saveProgram(program);
  const openRequests = rematchOf.size ? (await listRematchRequests(program.id)).filter((r) => r.status === 'open') : [];

  const report: EnrolmentReport = { enrolled: [], alreadyEnrolled: [] };
  const rematchOfId = new Map<string, string>();
  const toStart: string[] = [];
  // Sequential: rows share people (a coordinator, a mentor of two), and each person is created once.
  for (const group of groups) {
    const existing = existingOf.get(group);
    if (existing) {
      report.alreadyEnrolled.push(existing);
      toStart.push(existing);
      continue;
    }
    const [first] = group as [PairRow];
    const newPeople = new Map<string, Person>();
    const idOf = async (enrolled: EnrolledPerson) => {
      const personId = await personIdOf(enrolled);
      if (!stored.has(personId))
        newPeople.set(personId, {
          personId,
          programId: program.id,
          name: enrolled.name,
          email: enrolled.email,
          timeZone: enrolled.timeZone,
          locale: enrolled.locale,
        });
      return personId;
    };
    const mentees: Relationship['mentees'] = [];
    for (const row of group)
      mentees.push({ personId: await idOf(row.mentee), managerId: await idOf(row.manager), competencies: row.competencies, status: 'active' as const });
    const earlier = rematchOf.get(group);
    const relationship: Relationship = {
      relationshipId: newId('rel', program.id, first.mentee.email, generationOf.get(first.mentee.email), earlier),
      ...(earlier ? { rematchOf: earlier } : {}),
      programId: program.id,
      mentorId: await idOf(first.mentor),
      coordinatorId: await idOf(first.coordinator),
      mentees,
      ...(first.circle ? { circle: first.circle } : {}),
      competencies: [...new Set(group.flatMap((row) => row.competencies))],
      startDate: first.startDate,
      timeZone: first.timeZone,
      phase: 'matching',
      status: 'matching',
      enrolledAt: clock().now().toISOString(),
      shiftDays: 0,
      pauses: [],
      extensions: 0,
    };
    const requested = earlier !== undefined && openRequests.some((r) => r.relationshipId === earlier && mentees.some((m) => m.personId === r.menteeId));
    await saveEnrolment(relationship, [...newPeople.values()], { closesRequest: requested });
    for (const id of newPeople.keys()) stored.add(id);
    report.enrolled.push(relationship.relationshipId);
    if (earlier) rematchOfId.set(relationship.relationshipId, earlier);
    toStart.push(relationship.relationshipId);
  }

  let done = 0;
  const queue = [...toStart];
  await Promise.all(
    Array.from({ length: Math.min(STARTS_IN_FLIGHT, queue.length) }, async () => {
      for (let id = queue.shift(); id; id = queue.shift()) {
        await startFirstPhase(id, rematchOfId.get(id));
        onProgress(++done, toStart.length);
      }
    }),
  );
  return report;
};
