import { isRelationshipId } from '#domain/lifecycle/execution-names';
import { relationshipTimeline, type Story } from '#domain/desk/timeline';
import type { Named } from '#domain/desk/relationship-status';
import { findPersonIdByEmail, findRelationship, getPeople, listProgramIds, listRelationshipsOfPerson, readHistory } from '#adapters/store';
import { relationshipRuns } from '#adapters/workflow/executions';
import { StatusRefused } from './status.ts';

/** A relationship by its id, or by the address of one of its mentors or mentees (in `programId`, or in whichever program knows it). */
const relationshipOf = async (who: string, programId: string | undefined): Promise<string> => {
  if (isRelationshipId(who)) return who;
  const address = who.trim().toLowerCase();
  const programs = programId ? [programId] : await listProgramIds();
  const found = new Set<string>();
  for (const program of programs) {
    const personId = await findPersonIdByEmail(program, address);
    if (!personId) continue;
    for (const { relationshipId, role } of await listRelationshipsOfPerson(personId)) if (role === 'mentor' || role === 'mentee') found.add(relationshipId);
  }
  if (found.size === 1) return [...found][0]!;
  if (!found.size) throw new StatusRefused(`no mentor or mentee ${who}${programId ? ` in program ${programId}` : ''}`);
  throw new StatusRefused(`${who} is in ${found.size} relationships (${[...found].sort().join(', ')}): give one of their ids`);
};

/**
 * A relationship's story in order (`relationshipTimeline`): its people by name, then each
 * run, e-mail, answer, meeting, alert, pause and its end, with the runs' execution ARNs.
 */
export const relationshipStory = async (who: string, programId?: string): Promise<Story> => {
  const relationshipId = await relationshipOf(who, programId);
  const relationship = await findRelationship(relationshipId);
  if (!relationship) throw new StatusRefused(`no relationship ${relationshipId}`);
  const [people, { meetings, saved, mail }, runs] = await Promise.all([
    getPeople(relationship.programId, [relationship.mentorId, relationship.coordinatorId, ...relationship.mentees.map((m) => m.personId)]),
    readHistory(relationshipId),
    relationshipRuns(relationshipId),
  ]);
  const named = (personId: string): Named => {
    const person = people.get(personId);
    return { personId, name: person?.name ?? '', email: person?.email ?? '' };
  };
  return {
    relationshipId,
    programId: relationship.programId,
    ...(relationship.circle ? { circle: relationship.circle } : {}),
    phase: relationship.phase,
    status: relationship.status,
    mentor: named(relationship.mentorId),
    mentees: relationship.mentees.map((m) => ({ ...named(m.personId), status: m.status })),
    coordinator: named(relationship.coordinatorId),
    events: relationshipTimeline({ relationship, meetings, saved, mail, runs }),
  };
};
