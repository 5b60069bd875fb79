import { randomBytes } from 'node:crypto';
import type { Program } from '#workflows/program/config';
import { clock } from '#core/clock';
import type { Person, Relationship } from '#core/model';
import { startFirstPhase } from '#core/phases';
import { findPersonIdByEmail, findRelationshipIdOfMentee, getRelationship, saveEnrolment, saveProgram } from '#core/store';
import { EnrolmentError, type EnrolledPerson, type PairRow } from './read-enrolment.ts';

const newId = (prefix: string) => `${prefix}-${randomBytes(6).toString('hex')}`;

export interface EnrolmentReport {
  enrolled: string[];
  alreadyEnrolled: string[];
}

/** StartExecution is throttled per account; a few in flight keeps a large cohort well below it. */
const STARTS_IN_FLIGHT = 8;

/**
 * Stores the program, every person once (by address), and one relationship per pair, then
 * starts each relationship's first phase. Enrolling the same file again starts nothing new.
 */
export const enrolCohort = async (
  program: Program,
  rows: PairRow[],
  onProgress: (done: number, total: number) => void = () => {},
  file = 'the enrolment',
): Promise<EnrolmentReport> => {
  const known = new Map<string, string>();
  const stored = new Set<string>();
  const personIdOf = async ({ email }: EnrolledPerson) => {
    if (!known.has(email)) {
      const existing = await findPersonIdByEmail(program.id, email);
      if (existing) stored.add(existing);
      known.set(email, existing ?? newId('p'));
    }
    return known.get(email)!;
  };

  // A pairing under way is never changed by a file: a new mentor for an enrolled mentee is refused.
  const existingOf = new Map<PairRow, string>();
  const conflicts: string[] = [];
  for (const row of rows) {
    const menteeId = await personIdOf(row.mentee);
    const relationshipId = stored.has(menteeId) ? await findRelationshipIdOfMentee(program.id, menteeId) : undefined;
    if (!relationshipId) continue;
    existingOf.set(row, relationshipId);
    if ((await getRelationship(relationshipId)).mentorId !== (await personIdOf(row.mentor)))
      conflicts.push(`row ${row.row}: ${row.mentee.email} is already enrolled with another mentor; a pairing under way is not changed by enrolment`);
  }
  if (conflicts.length) throw new EnrolmentError(file, conflicts);
  await saveProgram(program);

  const report: EnrolmentReport = { enrolled: [], alreadyEnrolled: [] };
  const toStart: string[] = [];
  // Sequential: rows share people (a coordinator, a mentor of two), and each person is created once.
  for (const row of rows) {
    const ids = {
      mentee: await personIdOf(row.mentee),
      mentor: await personIdOf(row.mentor),
      manager: await personIdOf(row.manager),
      coordinator: await personIdOf(row.coordinator),
    };
    const existing = existingOf.get(row);
    if (existing) {
      report.alreadyEnrolled.push(existing);
      toStart.push(existing);
      continue;
    }
    const relationship: Relationship = {
      relationshipId: newId('rel'),
      programId: program.id,
      mentorId: ids.mentor,
      menteeId: ids.mentee,
      managerId: ids.manager,
      coordinatorId: ids.coordinator,
      competencies: row.competencies,
      startDate: row.startDate,
      timeZone: row.timeZone,
      phase: 'introduction',
      status: 'active',
      enrolledAt: clock().now().toISOString(),
    };
    const newPeople: Person[] = (['mentee', 'mentor', 'manager', 'coordinator'] as const)
      .filter((role) => !stored.has(ids[role]))
      .map((role) => ({ personId: ids[role], programId: program.id, name: row[role].name, email: row[role].email, timeZone: row.timeZone, locale: program.locale }));
    // One person in two roles of the same row would be added twice.
    const unique = [...new Map(newPeople.map((p) => [p.personId, p])).values()];
    await saveEnrolment(relationship, unique);
    unique.forEach((p) => stored.add(p.personId));
    report.enrolled.push(relationship.relationshipId);
    toStart.push(relationship.relationshipId);
  }

  let done = 0;
  const queue = [...toStart];
  await Promise.all(
    Array.from({ length: Math.min(STARTS_IN_FLIGHT, queue.length) }, async () => {
      for (let id = queue.shift(); id; id = queue.shift()) {
        await startFirstPhase(id);
        onProgress(++done, toStart.length);
      }
    }),
  );
  return report;
};
