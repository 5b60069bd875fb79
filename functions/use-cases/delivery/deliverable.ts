import type { Undeliverable } from '#domain/model';
import { clearUndeliverable, findPersonIdByEmail, getPeople, listProgramIds } from '#adapters/store';
import { logger } from '#platform/logger';
import { UnknownPerson } from '#use-cases/privacy/forget-person';

/** One person record whose mark was cleared: who, since when, and what had marked them. */
export interface ClearedMark {
  programId: string;
  personId: string;
  since: string;
  /** What marked them: a bounce or complaint SES reported, or (before this build) a refused send. */
  because: Undeliverable;
}

export interface DeliverableReport {
  cleared: ClearedMark[];
  /** Person records of that address that had no mark: nothing to clear. */
  unmarked: { programId: string; personId: string }[];
}

/**
 * An operator found the address works (the person fixed their mailbox, or an earlier build
 * marked it for a refusal that was about the sender): the program writes to it again, in every
 * program (or the one given) where the address is enrolled. Their questions already closed stay
 * closed; the next letters reach them. Running it again clears nothing and says so.
 */
export const markDeliverable = async (address: string, programId?: string): Promise<DeliverableReport> => {
  const report: DeliverableReport = { cleared: [], unmarked: [] };
  for (const id of programId ? [programId] : await listProgramIds()) {
    const personId = await findPersonIdByEmail(id, address);
    const person = personId && (await getPeople(id, [personId])).get(personId);
    if (!person) continue;
    const since = person.undeliverableSince;
    if (since && (await clearUndeliverable(id, person.personId, since)))
      report.cleared.push({ programId: id, personId: person.personId, since, because: person.undeliverableBecause ?? 'refused' });
    else report.unmarked.push({ programId: id, personId: person.personId });
  }
  if (!report.cleared.length && !report.unmarked.length)
    throw new UnknownPerson(`Nobody with the address ${address} is enrolled in ${programId ? `program ${programId}` : 'any program'}.`);
  for (const mark of report.cleared) logger.info('address deliverable again', { programId: mark.programId, personId: mark.personId, because: mark.because });
  return report;
};
