import type { AlertLog } from '#domain/at-risk';
import type { WorkingAgreement } from '#domain/model';
import { updateRelationship } from './relationships.ts';

/**
 * What the matching, the agreement, the safety net, the follow-up and an erasure record on a
 * relationship, each an operation with its condition inside. Each writes the relationship item
 * only while it exists.
 */

/** Mentor and mentee(s) accepted: the relationship goes on. False when it was no longer matching (a retry, or ended meanwhile). */
export const markMatched = (relationshipId: string, matchedAt: string): Promise<boolean> =>
  updateRelationship(relationshipId, { status: 'active', matchedAt }, { condition: '#status = :matching', values: { ':matching': 'matching' } });

/** How and how often they will meet, as the working agreement settled it; recording it again replaces it. */
export const saveWorkingAgreement = (relationshipId: string, workingAgreement: WorkingAgreement): Promise<boolean> =>
  updateRelationship(relationshipId, { workingAgreement });

/** The agreement on goals is done, from `at`; a later call keeps the first time. */
export const markAgreementDone = (relationshipId: string, at: string): Promise<boolean> =>
  updateRelationship(relationshipId, {}, { ifNotExists: { agreementDoneAt: at } });

/** The follow-up is recorded: nothing more is added to the relationship's record. A later call keeps the first time. */
export const markRecordCompleted = (relationshipId: string, at: string): Promise<boolean> =>
  updateRelationship(relationshipId, {}, { ifNotExists: { recordCompletedAt: at } });

/** The safety net's log of what the coordinator was told, as it stands after this look. */
export const saveSafetyNetAlerts = (relationshipId: string, log: AlertLog): Promise<boolean> => updateRelationship(relationshipId, { safetyNetAlerts: log });

/**
 * Ends a relationship early, without blame, as the coordinator's doing, because its mentor or a
 * mentee was forgotten: true when this call ended it, false when it was closed before. Times
 * recorded earlier (an end already asked for) stay.
 */
export const endEarlyForErasure = (relationshipId: string, at: string): Promise<boolean> =>
  updateRelationship(
    relationshipId,
    { status: 'closed', ending: 'ended-early' },
    { ifNotExists: { closedAt: at, endRequestedAt: at, endRequestedBy: 'coordinator' }, condition: '#status <> :closed', values: { ':closed': 'closed' } },
  );
