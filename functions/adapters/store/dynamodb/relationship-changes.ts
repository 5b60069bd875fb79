import type { AlertLog } from '#domain/at-risk';
import type { Phase } from '#domain/lifecycle/phases';
import type { Ending, Pause, Role, WorkingAgreement } from '#domain/model';
import { tables, updateIf } from './client.ts';
import { updateRelationship } from './relationships.ts';
import { relationshipKey } from '../keys.ts';

/**
 * The changes a relationship goes through, each named for what it does with its condition
 * inside: a retried step, or two steps at once, change it once. Each is false when its
 * condition did not hold; every one needs the relationship to be stored.
 */
const change = (relationshipId: string, update: string, condition: string | undefined, names: Record<string, string>, values: Record<string, unknown>) =>
  updateIf({
    TableName: tables().mentoring,
    Key: relationshipKey(relationshipId),
    UpdateExpression: `SET ${update}`,
    ConditionExpression: condition ? `attribute_exists(pk) AND (${condition})` : 'attribute_exists(pk)',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  });

/**
 * Pauses an active relationship, adding `pause` to its pauses: only while it is active and
 * has `pausesBefore` pauses, so two coordinators pausing at once pause it once.
 */
export const pauseIfActive = (relationshipId: string, pause: Pause, pausesBefore: number): Promise<boolean> =>
  change(
    relationshipId,
    '#status = :paused, #pauses = list_append(if_not_exists(#pauses, :empty), :pause)',
    '#status = :active AND size(#pauses) = :count',
    { '#status': 'status', '#pauses': 'pauses' },
    { ':paused': 'paused', ':pause': [pause], ':empty': [], ':active': 'active', ':count': pausesBefore },
  );

/** Makes a paused relationship active again, with its pauses as given and its schedule `shiftDays` further on; only while it is paused. */
export const resumeIfPaused = (relationshipId: string, pauses: Pause[], shiftDays: number): Promise<boolean> =>
  change(
    relationshipId,
    '#status = :active, #pauses = :pauses, #shiftDays = if_not_exists(#shiftDays, :zero) + :days',
    '#status = :paused',
    { '#status': 'status', '#pauses': 'pauses', '#shiftDays': 'shiftDays' },
    { ':active': 'active', ':pauses': pauses, ':zero': 0, ':days': shiftDays, ':paused': 'paused' },
  );

/** Notes that someone asked to end the relationship early, when and how; the first request stays, later ones change nothing. */
export const recordEndRequest = async (relationshipId: string, at: string, by: Role | 'review'): Promise<void> => {
  await change(
    relationshipId,
    '#at = if_not_exists(#at, :at), #by = if_not_exists(#by, :by)',
    undefined,
    { '#at': 'endRequestedAt', '#by': 'endRequestedBy' },
    { ':at': at, ':by': by },
  );
};

/**
 * Claims the relationship's one conclusion for the execution `name` (of `phase`): true when
 * none claimed it yet, or this one did before (a retried step), false when another did.
 */
export const claimConclusion = (relationshipId: string, phase: Phase, name: string): Promise<boolean> =>
  change(
    relationshipId,
    '#conclusionRun = :run',
    'attribute_not_exists(#conclusionRun) OR #conclusionRun.#name = :name',
    { '#conclusionRun': 'conclusionRun', '#name': 'name' },
    { ':run': { phase, name }, ':name': name },
  );

/** Closes the relationship with its ending; the first close's time stays. */
export const recordClosure = async (relationshipId: string, ending: Ending, at: string): Promise<void> => {
  await change(
    relationshipId,
    '#status = :closed, #ending = :ending, #closedAt = if_not_exists(#closedAt, :at)',
    undefined,
    { '#status': 'status', '#ending': 'ending', '#closedAt': 'closedAt' },
    { ':closed': 'closed', ':ending': ending, ':at': at },
  );
};

/** Notes a review as done, once: false when it was noted before. */
export const recordReviewDone = (relationshipId: string, review: string): Promise<boolean> =>
  change(
    relationshipId,
    '#reviewsDone = list_append(if_not_exists(#reviewsDone, :empty), :reviews)',
    'NOT contains(#reviewsDone, :review)',
    { '#reviewsDone': 'reviewsDone' },
    { ':reviews': [review], ':empty': [], ':review': review },
  );

/** Lengthens the relationship by extension `round`, once: false when it has that many extensions already. */
export const grantExtension = (relationshipId: string, round: number): Promise<boolean> =>
  change(
    relationshipId,
    '#extensions = if_not_exists(#extensions, :zero) + :one',
    'attribute_not_exists(#extensions) OR #extensions < :round',
    { '#extensions': 'extensions' },
    { ':zero': 0, ':one': 1, ':round': round },
  );

/** Keeps the relationship's end links, by person; links kept before stay. */
export const keepEndLinks = async (relationshipId: string, links: Record<string, string>): Promise<void> => {
  await change(relationshipId, '#endLinks = if_not_exists(#endLinks, :links)', undefined, { '#endLinks': 'endLinks' }, { ':links': links });
};

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
