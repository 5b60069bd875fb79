import { logger } from '#platform/logger';
import { listProgramIds, removeForgottenMark } from '#adapters/store';

/** No mark of that address in the program(s) asked about: nothing to readmit. */
export class NotForgotten extends Error {
  override name = 'NotForgotten';
}

export interface ReadmitReport {
  /** Each mark removed: the program, who the person was (their erased record's id) and when they were forgotten. */
  removed: { programId: string; personId: string; forgottenAt: string }[];
}

/**
 * `mentoring readmit`: a forgotten person asks to take part again. Their address's mark goes,
 * in every program (or the one named), so an enrolment file may name them once more; they come
 * back as a new person, with nothing of what was erased. Until they are enrolled, nobody has
 * their address.
 */
export const readmitPerson = async (address: string, programId?: string): Promise<ReadmitReport> => {
  const removed: ReadmitReport['removed'] = [];
  for (const id of programId ? [programId] : await listProgramIds()) {
    const mark = await removeForgottenMark(id, address);
    if (mark) removed.push({ programId: id, ...mark });
  }
  if (!removed.length) throw new NotForgotten(`${address} was not forgotten in ${programId ? `program ${programId}` : 'any program'}; nothing to readmit.`);
  logger.info('person readmitted', { programIds: removed.map((r) => r.programId), personIds: removed.map((r) => r.personId) });
  return { removed };
};
