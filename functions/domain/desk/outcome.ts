import type { MeetingStatus } from '../check-in-details.ts';
import type { GivenAnswer, Mentee, Question, Relationship } from '../model.ts';

/**
 * What happened to a relationship, in the words the summary table, `mentoring status` and the
 * program report all use: pure, over what the relationship records. A label never says more
 * than the record shows: "followed up" needs an answer to the follow-up, "completed" needs
 * meetings held.
 */

/** A closed relationship's outcome; one still running is where it stands (`matching`, `active`, `paused`). */
export type OutcomeName = 'completed' | 'completed-few-meetings' | 'ended-early' | 'not-matched' | 'declined' | 'matching' | 'active' | 'paused';

export const OUTCOME_WORDS: Record<OutcomeName, string> = {
  completed: 'completed',
  'completed-few-meetings': 'completed with few meetings held',
  'ended-early': 'ended early',
  'not-matched': 'not matched',
  declined: 'declined',
  matching: 'matching',
  active: 'active',
  paused: 'paused',
};

/**
 * A relationship that ran its year but held fewer than this share of its concluded meetings
 * completed in name only: the coordinator should see it apart from one that met.
 */
export const FEW_MEETINGS_SHARE = 0.5;

/** How one mentee stands: still in, declined the match, never answered it, or left later. */
export type MemberStanding = 'in' | 'declined' | 'no-answer' | 'left';

export const STANDING_WORDS: Record<MemberStanding, string> = { in: '', declined: 'declined', 'no-answer': 'did not answer', left: 'left' };

export interface OutcomeFacts {
  relationship: Pick<Relationship, 'status' | 'ending' | 'pauses' | 'extensions'>;
  meetings: readonly { status: MeetingStatus }[];
  /** The relationship's saved answers: the match's and the follow-up's count here. */
  saved: readonly { kind: Question['kind']; answers: Record<string, Pick<GivenAnswer, 'outcome'>> }[];
}

export interface Outcome {
  name: OutcomeName;
  pauses: number;
  extensions: number;
  /** Someone answered the follow-up. */
  followedUp: boolean;
}

const answersTo = (saved: OutcomeFacts['saved'], kind: Question['kind']) => saved.filter((s) => s.kind === kind).flatMap((s) => Object.entries(s.answers));

/** Held meetings against those concluded (held, not held or unanswered): a share, or undefined before any concluded. */
export const heldShare = (meetings: OutcomeFacts['meetings']): number | undefined => {
  const concluded = meetings.filter((m) => m.status === 'held' || m.status === 'not-held' || m.status === 'unanswered');
  return concluded.length ? concluded.filter((m) => m.status === 'held').length / concluded.length : undefined;
};

export const outcomeOf = ({ relationship, meetings, saved }: OutcomeFacts): Outcome => {
  const extras = {
    pauses: relationship.pauses.length,
    extensions: relationship.extensions,
    followedUp: answersTo(saved, 'follow-up').length > 0,
  };
  if (relationship.status !== 'closed') return { name: relationship.status, ...extras };
  if (relationship.ending === 'not-matched') {
    const declined = answersTo(saved, 'match').some(([, a]) => a.outcome === 'decline');
    return { name: declined ? 'declined' : 'not-matched', ...extras };
  }
  if (relationship.ending === 'ended-early') return { name: 'ended-early', ...extras };
  const share = heldShare(meetings);
  return { name: share === undefined || share < FEW_MEETINGS_SHARE ? 'completed-few-meetings' : 'completed', ...extras };
};

/** The outcome in one line: "completed, paused 1×, extended 1×, followed up". */
export const outcomeInWords = (outcome: Outcome): string =>
  [
    OUTCOME_WORDS[outcome.name],
    ...(outcome.pauses ? [`paused ${outcome.pauses}×`] : []),
    ...(outcome.extensions ? [`extended ${outcome.extensions}×`] : []),
    ...(outcome.followedUp ? ['followed up'] : []),
  ].join(', ');

/** Each mentee's standing: one who left at matching declined or never answered; one who accepted and left, left. */
export const memberStanding = (mentee: Pick<Mentee, 'personId' | 'status'>, saved: OutcomeFacts['saved']): MemberStanding => {
  if (mentee.status === 'active') return 'in';
  const atMatching = answersTo(saved, 'match').find(([personId]) => personId === mentee.personId)?.[1];
  return !atMatching ? 'no-answer' : atMatching.outcome === 'decline' ? 'declined' : 'left';
};

/** A mentee's name as lists show it: "Dewi Lestari (left)", "Budi Santoso (declined)". */
export const nameWithStanding = (name: string, standing: MemberStanding): string => (standing === 'in' ? name : `${name} (${STANDING_WORDS[standing]})`);
