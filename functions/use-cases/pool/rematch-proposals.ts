import { clock } from '#platform/clock';
import { rematchProposals, type RematchProposal } from '#domain/matching/rematch-pool';
import { getProgram, listPeople, listRelationships, listRematchRequests } from '#adapters/store';

/** The rematches to propose now in a program (`rematchProposals`), from what it records. */
export const proposeRematches = async (programId: string, now: Date = clock().now()): Promise<RematchProposal[]> => {
  const requests = await listRematchRequests(programId);
  if (!requests.some((r) => r.status === 'open')) return [];
  const [program, relationships, people] = await Promise.all([getProgram(programId), listRelationships(programId), listPeople(programId)]);
  return rematchProposals(program, requests, relationships, people, now);
};
