import { relationshipTimeline, type Story } from '#domain/desk/timeline';
import type { Named } from '#domain/desk/relationship-status';
import { findRelationship, getPeople, readHistory } from '#adapters/store';
import { relationshipRuns } from '#adapters/workflow/executions';
import { NotFound, relationshipOf } from './lookup.ts';

/**
 * A relationship's story in order (`relationshipTimeline`): its people by name, then each
 * run, e-mail, answer, meeting, alert, pause and its end, with the runs' execution ARNs.
 */
export const relationshipStory = async (who: string, programId?: string): Promise<Story> => {
  const relationshipId = await relationshipOf(who, programId);
  const relationship = await findRelationship(relationshipId);
  if (!relationship) throw new NotFound(`no relationship ${relationshipId}`);
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
