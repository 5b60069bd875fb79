import { isRelationshipId } from '#domain/lifecycle/execution-names';
import { findPersonIdByEmail, findRelationship, listProgramIds, listRelationshipsOfPerson } from '#adapters/store';

/** What the coordinator named is not there (a program, a coordinator, a relationship), or could be several: said in one line. */
export class NotFound extends Error {
  override name = 'NotFound';
}

/** The program asked for; with none, the only one stored. */
export const programIdOf = async (asked: string | undefined): Promise<string> => {
  const ids = await listProgramIds();
  if (asked && ids.includes(asked)) return asked;
  const known = ids.length ? `programs stored: ${ids.join(', ')}` : 'no program is stored yet';
  if (asked) throw new NotFound(`no program ${asked} (${known})`);
  if (ids.length !== 1) throw new NotFound(`give --program <id> (${known})`);
  return ids[0]!;
};

/** A stored relationship by its id, or by the address of its mentor or a mentee (in `programId`, or in whichever program knows it). */
export const relationshipOf = async (who: string, programId: string | undefined): Promise<string> => {
  if (isRelationshipId(who)) {
    if (!(await findRelationship(who))) throw new NotFound(`no relationship ${who}`);
    return who;
  }
  const address = who.trim().toLowerCase();
  const programs = programId ? [programId] : await listProgramIds();
  const found = new Set<string>();
  for (const program of programs) {
    const personId = await findPersonIdByEmail(program, address);
    if (!personId) continue;
    for (const { relationshipId, role } of await listRelationshipsOfPerson(personId)) if (role === 'mentor' || role === 'mentee') found.add(relationshipId);
  }
  if (found.size === 1) return [...found][0]!;
  if (!found.size) throw new NotFound(`no mentor or mentee ${who}${programId ? ` in program ${programId}` : ''}`);
  throw new NotFound(`${who} is in ${found.size} relationships (${[...found].sort().join(', ')}): give one of their ids`);
};
