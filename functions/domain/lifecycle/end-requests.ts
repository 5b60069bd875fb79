import type { Role } from '../model.ts';
import { phaseNumber, type Phase } from './phases.ts';

/** Who asked, through their own link, to end a relationship. */
export interface EndRequester {
  personId: string;
  role: Role;
}

/** A mentee asked among others (a circle), rather than the one mentee of a pair. */
const isCircleMentee = ({ role }: EndRequester, askedIds: string[]) => role === 'mentee' && askedIds.length > 2;

/**
 * The conclusion an end request starts, named so that starting it again (a second press, a
 * retry) starts nothing new. Whoever ends a pair, and a circle's mentor, ask for the whole
 * relationship to end: that is its one `conclusion`, the very one the coordinator and the
 * mid-point review start, so however many ask at once it runs once. A circle's mentee asks to
 * leave, which is theirs alone: a conclusion of their own, numbered by their place among
 * those asked (`askedIds`, the question's links, never reordered).
 */
export const conclusionFor = (requester: EndRequester, askedIds: string[]): Phase =>
  isCircleMentee(requester, askedIds) ? `conclusion-${[...askedIds].sort().indexOf(requester.personId) + 1}` : 'conclusion';

/** Whether a request ends the whole relationship (rather than one mentee leaving a circle). */
export const endsTheRelationship = (requester: EndRequester, askedIds: string[]): boolean => conclusionFor(requester, askedIds) === 'conclusion';

/** The person whose request a numbered conclusion acts on; undefined for the relationship's own `conclusion`. */
export const requesterOf = (phase: Phase, askedIds: string[]): string | undefined => {
  const n = phaseNumber(phase);
  return n > 0 ? [...askedIds].sort()[n - 1] : undefined;
};
