import { endsTheRelationship, requesterOf } from './lifecycle/end-requests.ts';
import type { Lane } from './lifecycle/lanes.ts';
import { phaseNumber, type Phase } from './lifecycle/phases.ts';
import type { Ending, GivenAnswer, Question, Relationship, Role } from './model.ts';
import { firstAnswer } from './question-answers.ts';

/** Why a mentee is to be matched again: their relationship ended early, or the match did not go ahead, declined or unanswered. */
export type RematchReason = 'ended-early' | 'declined' | 'no-answer';

/** A saved answer as the rules read it: its question's kind and each person's answer. */
export interface AnswersOf {
  kind?: unknown;
  answers?: unknown;
}

const answersIn = (saved: AnswersOf) => Object.entries((saved.answers ?? {}) as Record<string, Partial<GivenAnswer>>);

/** Whether anyone declined the proposed match. */
export const matchDeclined = (saved: AnswersOf[]): boolean => saved.some((a) => a.kind === 'match' && answersIn(a).some(([, x]) => x.outcome === 'decline'));

/**
 * Why each mentee of a relationship that ended before its time gets a rematch: `ended-early`
 * for a no-fault end; for a match that did not go ahead, `declined` when anyone declined it,
 * else `no-answer`. `saved` (the relationship's answers) is read only for a match.
 */
export const rematchReason = (ending: Exclude<Ending, 'completed'>, saved: AnswersOf[]): RematchReason =>
  ending === 'ended-early' ? 'ended-early' : matchDeclined(saved) ? 'declined' : 'no-answer';

/** The ending's letters' message keys: `ending.notMatched…` or `ending.endedEarly…`. */
export const endingKey = (ending: Exclude<Ending, 'completed'>): 'notMatched' | 'endedEarly' => (ending === 'not-matched' ? 'notMatched' : 'endedEarly');

/**
 * The private reasons people gave the coordinator in a note with their answer to a question
 * of these kinds, by person: a later note of the same person replaces an earlier one.
 */
export const privateReasons = (saved: AnswersOf[], kinds: string[]): Map<string, string> => {
  const reasons = new Map<string, string>();
  for (const answer of saved) {
    if (!kinds.includes(String(answer.kind))) continue;
    for (const [personId, given] of answersIn(answer)) {
      const note = given.details?.note;
      if (note) reasons.set(personId, String(note));
    }
  }
  return reasons;
};

/** The question kinds whose private notes a rematch request passes on to the coordinator. */
export const REMATCH_NOTE_KINDS = ['match', 'end-relationship', 'review'];

/**
 * The request a conclusion acts on. `conclusion-<n>` acts on the request of the person it is
 * numbered for (`leaving` when that is a circle's mentee, who leaves a circle that goes on);
 * the relationship's own `conclusion` on the earliest request to end the whole relationship,
 * or none (the coordinator's and the mid-point review's need no link). `missing` when a
 * numbered conclusion's request is not recorded.
 */
export type EndRequest = { acts: 'leaving'; personId: string; request: GivenAnswer } | { acts: 'ending'; request?: GivenAnswer } | { acts: 'missing' };

export const endRequestOf = (phase: Phase, question: Pick<Question, 'links' | 'answers'> | undefined): EndRequest => {
  const askedIds = Object.keys(question?.links ?? {});
  const answers = question?.answers ?? {};
  if (phaseNumber(phase) > 0) {
    const personId = requesterOf(phase, askedIds);
    const request = personId ? answers[personId] : undefined;
    if (!personId || !request) return { acts: 'missing' };
    return request.role === 'mentee' ? { acts: 'leaving', personId, request } : { acts: 'ending', request };
  }
  const ending = Object.entries(answers).filter(([personId, a]) => endsTheRelationship({ personId, role: a.role }, askedIds));
  const request = firstAnswer({ answers: Object.fromEntries(ending) });
  return request ? { acts: 'ending', request } : { acts: 'ending' };
};

/**
 * The lanes an early end stops. A mid-point review's "no" ends the meetings phase by itself,
 * so the main line is left to finish; any other end stops it where it is.
 */
export const lanesToStop = (endRequestedBy: Role | 'review' | undefined): Lane[] =>
  endRequestedBy === 'review' ? ['agreement', 'pause'] : ['main', 'agreement', 'pause'];

/**
 * Whether a letter's foot offers its reader their private link to end the relationship: a
 * mentor's, or a mentee's still in it, while nobody asked to end it and it is not ending or
 * ended. Line managers and the coordinator have none.
 */
export const offersEndLink = (
  relationship: Pick<Relationship, 'status' | 'endRequestedAt'>,
  { ending, role, stillIn }: { ending?: Ending | undefined; role: Role; stillIn: boolean },
): boolean => relationship.status !== 'closed' && !relationship.endRequestedAt && !ending && (role === 'mentor' || (role === 'mentee' && stillIn));

/**
 * Nobody is told who asked to end a relationship without blame: an answer of this kind is never
 * shown with its role (a coordinator's choice in a digest may be to end it).
 */
export const askerStaysUnsaid = (kind: string): boolean => kind === 'end-relationship' || kind === 'coordinator-action';

/**
 * Whether a mentee is free to be matched again: the relationship they were last enrolled in has
 * ended (without blame, not matched, or completed), or they left its circle.
 */
export const menteeIsFree = (relationship: Pick<Relationship, 'status' | 'mentees'>, menteeId: string): boolean =>
  relationship.status === 'closed' || relationship.mentees.some((m) => m.personId === menteeId && m.status !== 'active');

/**
 * Who may not mentor this mentee in a rematch: every mentor they had before (a no-fault ending
 * is not undone by the next match) and their own line manager.
 */
export const notAgainFor = (menteeId: string, earlier: readonly Pick<Relationship, 'mentorId' | 'mentees'>[]): Set<string> =>
  new Set(
    earlier.flatMap((r) => {
      const theirs = r.mentees.find((m) => m.personId === menteeId);
      return theirs ? [r.mentorId, theirs.managerId] : [];
    }),
  );
