import { MEETING_MODES, type MeetingMode } from './check-in-details.ts';
import type { GivenAnswer, Goal, WorkingAgreement } from './model.ts';

/**
 * What the match and the mentoring agreement decide from the answers given: who goes on, the
 * working agreement the relationship keeps, whether the goals go back for changes, which
 * managers endorsed. The question kinds read and write; the rules are here.
 */

type Answers = Record<string, GivenAnswer>;

export type MatchDecision = 'accepted' | 'declined' | 'no-answer';

export interface MatchResult {
  decision: MatchDecision;
  /** Mentees who accepted, and stay. */
  stayed: number;
  /** Once accepted: a circle's mentees who declined or never answered, each to leave with a rematch. */
  leaving: { menteeId: string; because: 'declined' | 'no-answer' }[];
}

/**
 * A pair goes on when both accept; a circle when its mentor and at least one mentee do. Else
 * it is declined when anyone declined, and unanswered when nobody did.
 */
export const matchDecision = ({ mentorId, menteeIds }: { mentorId: string; menteeIds: readonly string[] }, answers: Answers): MatchResult => {
  const accepted = new Set(
    Object.entries(answers)
      .filter(([, a]) => a.outcome === 'accept')
      .map(([id]) => id),
  );
  const stayed = menteeIds.filter((id) => accepted.has(id)).length;
  const goesOn = accepted.has(mentorId) && stayed > 0 && (stayed === menteeIds.length || menteeIds.length > 1);
  if (!goesOn) return { decision: Object.values(answers).some((a) => a.outcome === 'decline') ? 'declined' : 'no-answer', stayed, leaving: [] };
  const leaving = menteeIds
    .filter((id) => !accepted.has(id))
    .map((menteeId) => ({ menteeId, because: answers[menteeId] ? ('declined' as const) : ('no-answer' as const) }));
  return { decision: 'accepted', stayed, leaving };
};

export const FREQUENCIES = ['weekly', 'every-two-weeks', 'monthly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const isFrequency = (value: unknown): value is Frequency => FREQUENCIES.includes(value as Frequency);

/** The ways to meet an answer names, in the page's order; unknown values are dropped. */
export const modesOf = (raw: string | number | boolean | null | undefined): MeetingMode[] => {
  const given = new Set(typeof raw === 'string' ? raw.split(',') : []);
  return MEETING_MODES.filter((mode) => given.has(mode));
};

/**
 * The working agreement from its answers: the ways to meet anyone named, and one rhythm, the
 * mentor's, or else the most named (ties go to the more frequent: meeting closer together suits
 * the start of a relationship). Agreed when everyone asked (`askedIds`) answered: an answer is
 * only accepted with confidentiality ticked. No agreement without an answer.
 */
export const workingAgreementOf = (
  answers: Answers,
  askedIds: readonly string[],
  at: string,
): { agreed: boolean; answered: number; agreement?: WorkingAgreement } => {
  const given = Object.entries(answers);
  const acknowledgedBy = given.map(([personId]) => personId);
  const agreed = askedIds.every((personId) => acknowledgedBy.includes(personId));
  if (given.length === 0) return { agreed: false, answered: 0 };

  const modes = MEETING_MODES.filter((mode) => given.some(([, a]) => modesOf(a.details.modes).includes(mode)));
  const mentorSaid = given.find(([, a]) => a.role === 'mentor')?.[1].details.frequency;
  const said = given.map(([, a]) => a.details.frequency).filter(isFrequency);
  const times = (f: Frequency) => said.filter((s) => s === f).length;
  const mostSaid = said.length ? FREQUENCIES.reduce((best, f) => (times(f) > times(best) ? f : best)) : undefined;
  const frequency = isFrequency(mentorSaid) ? mentorSaid : mostSaid;
  return { agreed, answered: given.length, agreement: { modes, ...(frequency ? { frequency } : {}), acknowledgedBy, at } };
};

/** Whether goal confirmation round `round` may still send the goals back for changes. */
export const revisionRoundLeft = (round: number, revisionRounds: number): boolean => round <= revisionRounds;

export type ConfirmationDecision = 'unanswered' | 'changes' | 'confirmed';

/**
 * The mentor's answer to the proposed goals: changes while a revision round is left (as the
 * mentor was offered), else the goals are confirmed; unanswered, they stand as proposed,
 * unconfirmed, and the endorsement goes ahead without it.
 */
export const confirmationDecision = (answer: Pick<GivenAnswer, 'outcome'> | undefined, roundLeft: boolean): ConfirmationDecision => {
  if (!answer) return 'unanswered';
  return answer.outcome === 'changes' && roundLeft ? 'changes' : 'confirmed';
};

export type Endorsement = { menteeId: string; managerId: string } & ({ outcome: 'endorse' } | { outcome: 'discuss'; note: string } | { outcome: 'none' });

/**
 * Each mentee's goals as their line manager answered: endorsed, to discuss (with the note they
 * left for the coordinator, or none), or no answer. A manager of two mentees answers for both.
 */
export const endorsementsOf = (mentees: readonly { menteeId: string; managerId: string }[], answers: Answers): Endorsement[] =>
  mentees.map(({ menteeId, managerId }) => {
    const answer = answers[managerId];
    if (answer?.outcome === 'endorse') return { menteeId, managerId, outcome: 'endorse' };
    if (answer?.outcome === 'discuss')
      return { menteeId, managerId, outcome: 'discuss', note: typeof answer.details.note === 'string' ? answer.details.note : '' };
    return { menteeId, managerId, outcome: 'none' };
  });

/** How the mentees say their progress held, months after the close: counted per answer. */
export const followUpCounts = (answers: Answers): { held: number; partly: number; slipped: number } => {
  const given = Object.values(answers);
  const count = (outcome: string) => given.filter((a) => a.outcome === outcome).length;
  return { held: count('held'), partly: count('partly'), slipped: count('slipped') };
};

type Competency = { id: string; name: string };

/** The competencies the relationship was matched for, by name, in the program's order: what the match and the introduction name. */
export const focusCompetencyNames = (competencies: readonly Competency[], chosen: readonly string[]): string =>
  competencies
    .filter((c) => chosen.includes(c.id))
    .map((c) => c.name)
    .join(', ');

/** Every competency a goal may be tied to, the relationship's own first: those are what the match was made for. */
export const ownCompetenciesFirst = <C extends Competency>(competencies: readonly C[], chosen: readonly string[]): C[] => [
  ...competencies.filter((c) => chosen.includes(c.id)),
  ...competencies.filter((c) => !chosen.includes(c.id)),
];

/** A mentee's goals as they proposed them, numbered from 1 in their order, not yet rated, confirmed or endorsed. */
export const goalsProposed = (
  relationshipId: string,
  menteeId: string,
  proposed: readonly Pick<Goal, 'competency' | 'description' | 'baseline' | 'target'>[],
): Goal[] =>
  proposed.map((g, i) => ({
    relationshipId,
    menteeId,
    goalNo: i + 1,
    competency: g.competency,
    description: g.description,
    baseline: g.baseline,
    target: g.target,
    ratings: {},
  }));

/** The note the mentor left when they asked for changes in round `round`, if they left one: the next round quotes it. */
export const changesAsked = (saved: readonly { kind: string; subject: { round?: number }; answers: Answers }[], round: number): string | undefined => {
  const asked = saved.find((answer) => answer.kind === 'goal-confirmation' && answer.subject.round === round);
  const note = Object.values(asked?.answers ?? {}).find((a) => a.role === 'mentor' && typeof a.details.note === 'string')?.details.note;
  return typeof note === 'string' && note ? note : undefined;
};
