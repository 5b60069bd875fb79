import { DateTime } from 'luxon';
import type { Relationship } from '../model.ts';
import { whyNotPausable } from '../pauses.ts';
import type { Phase } from '../lifecycle/phases.ts';
import type { DigestItem } from './digest.ts';

/**
 * What the coordinator can set going from the weekly digest, with two clicks on a scanner-safe
 * link: nudge the pair now, pause the relationship, end it without blame, or approve the
 * rematch proposed for a mentee of an ended one. Pure: which actions fit a relationship's items,
 * and how a chosen action is named, as a question and as a run.
 */
export const COORDINATOR_ACTIONS = ['nudge', 'pause', 'end', 'rematch'] as const;
export type CoordinatorAction = (typeof COORDINATOR_ACTIONS)[number];

/** The items a nudge answers: the pair went quiet, or a question waits on them. */
const NUDGED: readonly DigestItem['item'][] = ['at-risk', 'unanswered'];
/** The items that may call for a pause or an end: a relationship that is not going. */
const STOPPED: readonly DigestItem['item'][] = ['at-risk'];

/**
 * The actions a relationship's digest entry offers, in this order, for what its items say:
 * a nudge where the pair is at risk or someone has not answered; a pause (when it can pause) and
 * an end without blame where it is at risk. None for a relationship that has ended.
 */
export const actionsFor = (
  relationship: Pick<Relationship, 'relationshipId' | 'status' | 'phase' | 'pauses' | 'coordinatorId'>,
  items: readonly DigestItem[],
): CoordinatorAction[] => {
  if (relationship.status === 'closed') return [];
  const has = (kinds: readonly DigestItem['item'][]) => items.some((i) => kinds.includes(i.item));
  // A question that waits on the coordinator alone is theirs to answer, not the pair's to be nudged about.
  const waitsOnPair = items.some((i) => NUDGED.includes(i.item) && (i.item !== 'unanswered' || i.waitingFor.some((id) => id !== relationship.coordinatorId)));
  return COORDINATOR_ACTIONS.filter((action) => {
    if (action === 'nudge') return waitsOnPair;
    if (action === 'pause') return has(STOPPED) && !whyNotPausable(relationship);
    // A rematch is offered with the request it answers, not for what a relationship's items say.
    return action === 'end' && has(STOPPED);
  });
};

/** The digest week a link belongs to, as it stands in names: `20261207` for the week starting on 7 December 2026. */
export const weekKeyOf = (weekStart: Date, zone: string): string => DateTime.fromJSDate(weekStart, { zone }).toFormat('yyyyLLdd');

/** One choice a digest offers: the action, the week, and for a rematch which of the ended relationship's mentees (from 1). */
export interface CoordinatorChoice {
  action: CoordinatorAction;
  weekKey: string;
  mentee?: number;
}

const named = ({ action, mentee }: CoordinatorChoice) => `coordinator-${action}${mentee ? `-${mentee}` : ''}`;

/** The question behind one action link of one week's digest: a coordinator's choice is recorded once. */
export const coordinatorActionQuestionId = (relationshipId: string, choice: CoordinatorChoice): string =>
  `${relationshipId}.${named(choice)}.${choice.weekKey}`;

/** The run that carries the choice out, named so that pressing again starts nothing new. */
export const coordinatorActionPhase = (choice: CoordinatorChoice): Phase => `${named(choice)}-${choice.weekKey}` as Phase;

const PHASE = /^coordinator-(nudge|pause|end|rematch)(?:-([1-9]\d?))?-(\d{8})$/;

/** The choice a run's phase names; undefined for any other phase. */
export const coordinatorActionOf = (phase: string): CoordinatorChoice | undefined => {
  const match = PHASE.exec(phase);
  if (!match) return undefined;
  return { action: match[1] as CoordinatorAction, weekKey: match[3]!, ...(match[2] ? { mentee: Number(match[2]) } : {}) };
};
