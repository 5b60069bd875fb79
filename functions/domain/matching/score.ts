import type { Candidate } from './people.ts';

/** Each competency the mentor offers and the mentee wants: what the program exists to transfer, so it outweighs everything else together. */
export const COMPETENCY_POINTS = 100;
/** Each quarter hour of working time in common (at most 32 for a full day): more room to meet, and to move a meeting. */
export const QUARTER_HOUR_POINTS = 1;
/** Another department: a wider network, and no shared office politics. */
export const OTHER_DEPARTMENT_POINTS = 10;
/** The same department: the mentor may sit too close to the mentee's daily work. */
export const SAME_DEPARTMENT_POINTS = -10;
/** The same first language: the pair speaks in the one they are most at ease in. */
export const FIRST_LANGUAGE_POINTS = 15;

/** Why a pair scores what it does, as data: the words are the report's. */
export type ScoreReason =
  | { kind: 'competencies'; points: number; shared: string[] }
  | { kind: 'common-hours'; points: number; minutes: number }
  | { kind: 'other-department'; points: number }
  | { kind: 'same-department'; points: number }
  | { kind: 'first-language'; points: number; locale: string };

export interface PairScore {
  score: number;
  reasons: ScoreReason[];
}

/** What the mentor offers of what the mentee wants, in the mentee's order. */
export const sharedCompetencies = (mentee: Pick<Candidate, 'competencies'>, mentor: Pick<Candidate, 'competencies'>): string[] =>
  mentee.competencies.filter((c) => mentor.competencies.includes(c));

/** The points of each part, as the solver adds them for thousands of pairs: numbers only. */
export const scoreOf = (shared: number, commonMinutes: number, department: 'same' | 'other' | 'unknown', sameFirstLanguage: boolean): number =>
  shared * COMPETENCY_POINTS +
  Math.floor(commonMinutes / 15) * QUARTER_HOUR_POINTS +
  (department === 'same' ? SAME_DEPARTMENT_POINTS : department === 'other' ? OTHER_DEPARTMENT_POINTS : 0) +
  (sameFirstLanguage ? FIRST_LANGUAGE_POINTS : 0);

export const departmentOf = (mentee: Pick<Candidate, 'department'>, mentor: Pick<Candidate, 'department'>): 'same' | 'other' | 'unknown' =>
  !mentee.department || !mentor.department ? 'unknown' : mentee.department.toLowerCase() === mentor.department.toLowerCase() ? 'same' : 'other';

/** A pair's score with its reasons, largest part first. */
export const scorePair = (mentee: Candidate, mentor: Candidate, commonMinutes: number): PairScore => {
  const shared = sharedCompetencies(mentee, mentor);
  const department = departmentOf(mentee, mentor);
  const firstLanguage = mentee.languages[0] !== undefined && mentee.languages[0] === mentor.languages[0] ? mentee.languages[0] : undefined;
  const reasons: ScoreReason[] = [{ kind: 'competencies', points: shared.length * COMPETENCY_POINTS, shared }];
  reasons.push({ kind: 'common-hours', points: Math.floor(commonMinutes / 15) * QUARTER_HOUR_POINTS, minutes: commonMinutes });
  if (department === 'other') reasons.push({ kind: 'other-department', points: OTHER_DEPARTMENT_POINTS });
  if (department === 'same') reasons.push({ kind: 'same-department', points: SAME_DEPARTMENT_POINTS });
  if (firstLanguage) reasons.push({ kind: 'first-language', points: FIRST_LANGUAGE_POINTS, locale: firstLanguage });
  return { score: scoreOf(shared.length, commonMinutes, department, firstLanguage !== undefined), reasons };
};
