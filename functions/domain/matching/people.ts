/** What a person asks of the program in the people file: to mentor, or to be mentored. One role per person. */
export const POOL_ROLES = ['mentor', 'mentee'] as const;
export type PoolRole = (typeof POOL_ROLES)[number];

/** A person who wants to take part, as the people file gives them once it is checked. */
export interface Candidate {
  /** Where the file has them (its line, or its entry in JSON), for the report. */
  row: number;
  name: string;
  /** Lower case: one address is one person. */
  email: string;
  role: PoolRole;
  /** Program competency ids: offered by a mentor, wanted by a mentee. */
  competencies: string[];
  /** Locales, the first their own. */
  languages: string[];
  timeZone: string;
  /** Empty when the file does not say. */
  department: string;
  /** Empty when the file names none (a mentor at the top of the organisation). */
  lineManagerEmail: string;
  /** The line manager's name as the file gives it beside the address; empty when it does not. */
  lineManagerName: string;
  /** How many mentees a mentor takes (1 for a mentee). */
  capacity: number;
  /** A mentor who takes their mentees together, as one circle. */
  takesCircle: boolean;
  /** A mentee matched again: the addresses of the mentors they had before, never proposed again. */
  formerMentors?: readonly string[];
}
