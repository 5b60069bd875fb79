import type { Role } from '../model.ts';
import { characterProblem, formulaProblem, lengthProblem } from '../plain-text.ts';

/** The people of each row of the enrolment file, in its columns' order: a row's problems are said in that order. */
export const ROLES_IN_FILE = ['mentee', 'mentor', 'manager', 'coordinator'] as const satisfies readonly Role[];

/**
 * The enrolment file: one row per mentee, with their mentor, line manager and coordinator.
 * Competencies are the program's ids, separated by ';'. Rows naming the same `circle` form one
 * group-mentoring circle around their shared mentor.
 */
export const ENROLMENT_COLUMNS = [
  'mentee_name',
  'mentee_email',
  'mentor_name',
  'mentor_email',
  'manager_name',
  'manager_email',
  'coordinator_name',
  'coordinator_email',
  'competencies',
  'time_zone',
  'start_date',
  'circle',
  // Each person's own language and time zone; the program's when empty.
  'mentee_locale',
  'mentor_locale',
  'manager_locale',
  'coordinator_locale',
  'mentee_time_zone',
  'mentor_time_zone',
  'manager_time_zone',
  'coordinator_time_zone',
] as const;
export type EnrolmentColumn = (typeof ENROLMENT_COLUMNS)[number];

/** A person's name, as long as any a directory holds. */
export const NAME_MAX = 100;
/** The longest address SMTP carries (RFC 5321 with its erratum). */
export const EMAIL_MAX = 254;

/** The most characters each cell may hold once its surrounding spaces are trimmed. */
export const CELL_LIMITS: Record<EnrolmentColumn, number> = {
  mentee_name: NAME_MAX,
  mentee_email: EMAIL_MAX,
  mentor_name: NAME_MAX,
  mentor_email: EMAIL_MAX,
  manager_name: NAME_MAX,
  manager_email: EMAIL_MAX,
  coordinator_name: NAME_MAX,
  coordinator_email: EMAIL_MAX,
  // Room for every competency of a program, by id, separated by ';'.
  competencies: 1_000,
  time_zone: 64,
  start_date: 32,
  circle: NAME_MAX,
  mentee_locale: 16,
  mentor_locale: 16,
  manager_locale: 16,
  coordinator_locale: 16,
  mentee_time_zone: 64,
  mentor_time_zone: 64,
  manager_time_zone: 64,
  coordinator_time_zone: 64,
};

/** Names are shown in e-mails and pages and may end up in a spreadsheet: one that would run as a formula is refused. */
const NAMES: ReadonlySet<string> = new Set<EnrolmentColumn>(['mentee_name', 'mentor_name', 'manager_name', 'coordinator_name', 'circle']);

/**
 * Why a cell cannot be taken as written, or undefined: too long, a name a spreadsheet would run
 * as a formula, or a control or text-direction character. `raw` is the cell as the file has it.
 */
export const cellProblem = (column: EnrolmentColumn, raw: string): string | undefined => {
  const value = raw.trim();
  const problem = lengthProblem(value, CELL_LIMITS[column]) ?? (NAMES.has(column) ? formulaProblem(raw) : undefined) ?? characterProblem(value);
  return problem && `${column} ${problem}`;
};
