import type { GivenAnswer, Goal, Meeting, Question } from './model.ts';

/** The end point of a goal: the latest final review's rating, the mentee's own if given, else the mentor's. */
export const endPointOf = (goal: Pick<Goal, 'ratings'>): number | undefined => {
  const finals = Object.keys(goal.ratings)
    .filter((k) => k.startsWith('final'))
    .sort();
  const last = finals.length ? goal.ratings[finals.at(-1)!] : undefined;
  return last?.mentee ?? last?.mentor;
};

/** How a goal stands at closure: no final rating, target reached, or somewhere from baseline towards it. */
export const goalOutcome = (goal: Pick<Goal, 'ratings' | 'target'>): 'no-end' | 'reached' | 'on-the-way' => {
  const end = endPointOf(goal);
  return end === undefined ? 'no-end' : end >= goal.target ? 'reached' : 'on-the-way';
};

/** How many goals reached their target. */
export const goalsReached = (goals: Pick<Goal, 'ratings' | 'target'>[]): number => goals.filter((g) => goalOutcome(g) === 'reached').length;

/** The meetings that took place. */
export const meetingsHeld = (meetings: Pick<Meeting, 'status'>[]): number => meetings.filter((m) => m.status === 'held').length;

type LookBacks = { kind?: unknown; answers: Record<string, Pick<GivenAnswer, 'details'>> }[];

const lookBackAnswers = (saved: LookBacks) => saved.filter((a) => a.kind === 'look-back').flatMap((a) => Object.entries(a.answers));

/** The mentees who said at a look back they would (or might) mentor others: mentoring grows by mentees becoming mentors. */
export const wouldMentor = <P extends { personId: string }>(mentees: P[], saved: LookBacks): P[] => {
  const answers = lookBackAnswers(saved);
  return mentees.filter((m) => answers.some(([id, a]) => id === m.personId && (a.details.mentorOthers === 'yes' || a.details.mentorOthers === 'maybe')));
};

/** The look backs' satisfaction: its average over those who gave one, and how many did; undefined when nobody did. */
export const satisfactionOf = (saved: LookBacks): { average: number; answers: number } | undefined => {
  const given = lookBackAnswers(saved)
    .map(([, a]) => Number(a.details.satisfaction))
    .filter((n) => n > 0);
  return given.length ? { average: given.reduce((a, b) => a + b, 0) / given.length, answers: given.length } : undefined;
};

/** The coordinator approved the extension only by answering so: a question that closed unanswered declines it. */
export const extensionApproved = (question: Pick<Question, 'state' | 'outcome'>): boolean => question.state === 'answered' && question.outcome === 'approve';
