import { relationshipTimeline, type Story } from '#domain/desk/timeline';
import { membersByName, namedFrom } from '#domain/desk/relationship-status';
import { getRelationshipWithPeople, readHistory } from '#adapters/store';
import { relationshipRuns } from '#adapters/workflow/executions';
import { relationshipOf } from './lookup.ts';

/**
 * A relationship's story in order (`relationshipTimeline`): its people by name, then each
 * run, e-mail, answer, meeting, alert, pause and its end, with the runs' execution ARNs.
 */
export const relationshipStory = async (who: string, programId?: string): Promise<Story> => {
  const relationshipId = await relationshipOf(who, programId);
  const [{ relationship, mentor, mentees, coordinator }, { meetings, saved, mail }, runs] = await Promise.all([
    getRelationshipWithPeople(relationshipId),
    readHistory(relationshipId),
    relationshipRuns(relationshipId),
  ]);
  const people = new Map([mentor, ...mentees, coordinator].map((p) => [p.personId, p]));
  return {
    relationshipId,
    programId: relationship.programId,
    ...(relationship.circle ? { circle: relationship.circle } : {}),
    phase: relationship.phase,
    status: relationship.status,
    ...membersByName(
      relationship,
      namedFrom((id) => people.get(id)),
      saved,
    ),
    events: relationshipTimeline({ relationship, meetings, saved, mail, runs }),
  };
};
