import { clock } from '#platform/clock';
import type { Person } from '#domain/model';
import { proposeMatches } from '#domain/matching/propose';
import { rematchDay, rematchPool } from '#domain/matching/rematch-pool';
import type { ScoreReason } from '#domain/matching/score';
import { getProgram, listPeople, listRelationships, listRematchRequests } from '#adapters/store';

/** The best new mentor with room for a mentee of an ended relationship, and why. */
export interface RematchProposal {
  /** The relationship that ended. */
  relationshipId: string;
  /** When the mentee's rematch request opened. */
  openedAt: string;
  mentee: Person;
  mentor: Person;
  score: number;
  reasons: ScoreReason[];
}

/**
 * The rematches to propose now in a program: its open rematch requests' mentees and the mentors
 * with room, assigned as a cohort is (`proposeMatches`: the best total, the same hard rules),
 * never to a mentor a mentee had before. A mentee with no fitting mentor gets no proposal.
 */
export const proposeRematches = async (programId: string, now: Date = clock().now()): Promise<RematchProposal[]> => {
  const requests = (await listRematchRequests(programId)).filter((r) => r.status === 'open');
  if (!requests.length) return [];
  const [program, relationships, people] = await Promise.all([getProgram(programId), listRelationships(programId), listPeople(programId)]);
  const pool = rematchPool(requests, relationships, people, program.locale);
  if (!pool.requestOf.size) return [];
  const { pairs } = proposeMatches(pool.candidates, {
    competencies: program.competencies.map((c) => c.id),
    meeting: program.meetings,
    startDate: rematchDay(now, program.timeZone),
    coordinatorEmail: '',
  });
  return pairs.map((pair) => ({
    relationshipId: pool.requestOf.get(pair.mentee.email)!.relationshipId,
    openedAt: pool.requestOf.get(pair.mentee.email)!.openedAt,
    mentee: pool.personOf.get(pair.mentee.email)!,
    mentor: pool.personOf.get(pair.mentor.email)!,
    score: pair.score,
    reasons: pair.reasons,
  }));
};
