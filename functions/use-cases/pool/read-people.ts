import { csvRecords, type CsvRecords } from '#adapters/csv-records';
import * as z from 'zod';
import type { Program } from '#domain/program/config';
import { isKnownTimeZone } from '#domain/program/time-zones';
import { isLocale, knownLocales } from '#domain/program/locales';
import { nameProblem, preview, printable } from '#domain/plain-text';
import { listProblems } from '#domain/problem-list';
import { EMAIL_MAX, NAME_MAX } from '#domain/people/enrolment-file';
import { POOL_ROLES, type Candidate, type PoolRole } from '#domain/matching/people';
import { readTextFile, UnreadableText } from '#adapters/text-file';

/**
 * The people file: who wants to take part, as an HR system exports them (CSV with a header row,
 * or JSON: an array of objects with the same keys). Lists are separated by ';' (in JSON they may
 * be arrays); `languages` starts with the person's own. `line_manager_name` names a line
 * manager who is not in the file themselves, for the enrolment row; a mentee's line manager who
 * is neither in the file nor named there is a problem of that row.
 */
export const PEOPLE_COLUMNS = [
  'name',
  'email',
  'role',
  'competencies',
  'languages',
  'time_zone',
  'department',
  'line_manager_email',
  'line_manager_name',
  'capacity',
  'takes_circle',
] as const;
export type PeopleColumn = (typeof PEOPLE_COLUMNS)[number];
const REQUIRED_COLUMNS: readonly PeopleColumn[] = ['name', 'email', 'role', 'competencies', 'languages', 'time_zone'];

/** Some fifty thousand people: more than any pool, little enough to match in seconds. */
export const PEOPLE_FILE_MAX_BYTES = 10 * 1_048_576;
const SAVE_AS = 'save the sheet as CSV UTF-8, or the export as UTF-8 JSON';
const YES = new Set(['yes', 'y', 'true', '1']);
const NO = new Set(['no', 'n', 'false', '0', '']);
const email = z.regexes.email;

export class PeopleFileError extends Error {
  override name = 'PeopleFileError';
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${printable(file)} cannot be matched; nothing was written:\n${listProblems(problems)}`);
  }
}

/** One person of the file with where it has them: "row 4" of a CSV file, "entry 3" of a JSON array. */
interface NumberedPerson {
  at: string;
  row: number;
  record: Record<string, string>;
}

const listOf = (cell: string): string[] => [
  ...new Set(
    cell
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean),
  ),
];

/** Checks every person against the program and each other; collects every problem, row by row. */
export const validatePeople = (people: NumberedPerson[], program: Program, file: string): Candidate[] => {
  const problems: string[] = [];
  const competencyIds = new Set(program.competencies.map((c) => c.id));
  const known = [...competencyIds].join(', ');
  const zones = new Map<string, boolean>();
  const isZone = (zone: string) => zones.get(zone) ?? zones.set(zone, isKnownTimeZone(zone)).get(zone)!;
  const rows = new Map<string, string>();
  const managerNames = new Map<string, { name: string; at: string }>();
  const candidates: Candidate[] = [];

  for (const { at: where, row, record } of people) {
    const at = (message: string) => problems.push(`${where}: ${message}`);
    const cell = (column: PeopleColumn) => (record[column] ?? '').trim();
    for (const column of REQUIRED_COLUMNS) if (!cell(column)) at(`${column} is empty`);

    const name = cell('name');
    const nameIssue = name && nameProblem(name, NAME_MAX);
    if (nameIssue) at(`name ${nameIssue}`);
    const address = cell('email').toLowerCase();
    if (address && (address.length > EMAIL_MAX || !email.test(address))) at(`email "${preview(address, 60)}" is not an e-mail address`);
    else if (address) {
      const first = rows.get(address);
      if (first) at(`email ${address} is already in ${first}; one person, one row`);
      else rows.set(address, where);
    }

    const roleCell = cell('role').toLowerCase();
    const role = (POOL_ROLES as readonly string[]).includes(roleCell) ? (roleCell as PoolRole) : undefined;
    if (roleCell && !role) at(`role "${preview(roleCell, 20)}" is neither mentor nor mentee`);

    const competencies = listOf(cell('competencies'));
    for (const c of competencies) if (!competencyIds.has(c)) at(`competencies: "${preview(c, 60)}" is not one of the program's (${known})`);
    const languages = listOf(cell('languages'));
    for (const l of languages) if (!isLocale(l)) at(`languages: "${preview(l, 20)}" is not one of the languages (${knownLocales()})`);
    const timeZone = cell('time_zone');
    if (timeZone && !isZone(timeZone)) at(`time_zone "${preview(timeZone, 60)}" is not a known IANA time zone (for example Europe/Amsterdam)`);

    const department = cell('department');
    const departmentIssue = department && nameProblem(department, NAME_MAX);
    if (departmentIssue) at(`department ${departmentIssue}`);
    const lineManagerEmail = cell('line_manager_email').toLowerCase();
    if (lineManagerEmail && (lineManagerEmail.length > EMAIL_MAX || !email.test(lineManagerEmail)))
      at(`line_manager_email "${preview(lineManagerEmail, 60)}" is not an e-mail address`);
    else if (lineManagerEmail && lineManagerEmail === address) at('line_manager_email is their own address');
    else if (!lineManagerEmail && role === 'mentee') at("line_manager_email is empty; a mentee's line manager agrees their goals");
    const lineManagerName = cell('line_manager_name');
    const managerNameIssue = lineManagerName && nameProblem(lineManagerName, NAME_MAX);
    if (managerNameIssue) at(`line_manager_name ${managerNameIssue}`);
    else if (lineManagerName && lineManagerEmail) {
      const seen = managerNames.get(lineManagerEmail);
      if (seen && seen.name !== lineManagerName) at(`line_manager_name of ${lineManagerEmail} is "${lineManagerName}" here but "${seen.name}" in ${seen.at}`);
      else if (!seen) managerNames.set(lineManagerEmail, { name: lineManagerName, at: where });
    }

    const capacityCell = cell('capacity');
    const capacity = capacityCell ? Number(capacityCell) : 1;
    if (!/^\d+$/.test(capacityCell || '1') || !Number.isSafeInteger(capacity) || capacity < 1)
      at(`capacity "${preview(capacityCell, 20)}" is not a positive whole number (how many mentees the mentor takes)`);
    const circleCell = cell('takes_circle').toLowerCase();
    if (!YES.has(circleCell) && !NO.has(circleCell)) at(`takes_circle "${preview(circleCell, 20)}" is neither yes nor no`);

    candidates.push({
      row,
      name,
      email: address,
      role: role ?? 'mentee',
      competencies,
      languages,
      timeZone,
      department,
      lineManagerEmail,
      lineManagerName,
      capacity: role === 'mentor' ? capacity : 1,
      takesCircle: role === 'mentor' && YES.has(circleCell),
    });
  }

  // Each mentee's line manager goes into their enrolment row by name and address.
  if (!problems.length)
    for (const [i, person] of candidates.entries())
      if (person.role === 'mentee' && !rows.has(person.lineManagerEmail) && !managerNames.has(person.lineManagerEmail))
        problems.push(
          `${people[i]!.at}: line_manager_name is empty and ${person.lineManagerEmail} is not in the file; give the line manager's name for the enrolment file`,
        );
  if (problems.length) throw new PeopleFileError(file, problems);
  return candidates.map((person) =>
    person.lineManagerName || !managerNames.has(person.lineManagerEmail)
      ? person
      : { ...person, lineManagerName: managerNames.get(person.lineManagerEmail)!.name },
  );
};

/** The header's problems: a required column missing, an unknown one, or one named twice. */
const headerProblems = (header: readonly string[], where = 'column'): string[] => {
  const known: readonly string[] = PEOPLE_COLUMNS;
  return [
    ...REQUIRED_COLUMNS.filter((c) => !header.includes(c)).map((c) => `${where} ${c} is missing`),
    ...header.filter((c) => !known.includes(c)).map((c) => `${where} ${preview(c, 40) || '(no heading)'} is not known (known: ${PEOPLE_COLUMNS.join(', ')})`),
    ...[...new Set(header.filter((c, i) => header.indexOf(c) !== i))].map((c) => `${where} ${c} is there twice; keep one`),
  ];
};

const fromCsv = (text: string, file: string): NumberedPerson[] => {
  let read: CsvRecords;
  try {
    read = csvRecords(text);
  } catch (error) {
    throw new PeopleFileError(file, [(error as Error).message]);
  }
  const problems = headerProblems(read.header);
  if (problems.length) throw new PeopleFileError(file, problems);
  return read.records.map(({ line, record }) => ({ at: `row ${line}`, row: line, record }));
};

/** A JSON value as the cell a CSV file would have: lists joined by ';', yes and no for booleans. */
const cellOf = (value: unknown): string | undefined =>
  typeof value === 'string'
    ? value
    : typeof value === 'number'
      ? String(value)
      : typeof value === 'boolean'
        ? value
          ? 'yes'
          : 'no'
        : value === null || value === undefined
          ? ''
          : Array.isArray(value) && value.every((v) => typeof v === 'string')
            ? value.join(';')
            : undefined;

const fromJson = (text: string, file: string): NumberedPerson[] => {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new PeopleFileError(file, [`is not valid JSON: ${preview((error as Error).message, 300)}`]);
  }
  if (!Array.isArray(raw)) throw new PeopleFileError(file, ['is not a JSON array of people']);
  const problems: string[] = [];
  const people = raw.map((entry: unknown, i): NumberedPerson => {
    const at = `entry ${i + 1}`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push(`${at}: is not an object`);
      return { at, row: i + 1, record: {} };
    }
    const keys = Object.keys(entry).map((k) => k.trim().toLowerCase());
    problems.push(...headerProblems(keys, 'field').map((p) => `${at}: ${p}`));
    const record: Record<string, string> = {};
    for (const [key, value] of Object.entries(entry)) {
      const cell = cellOf(value);
      if (cell === undefined) problems.push(`${at}: ${preview(key, 40)} is neither text, a number, yes or no, nor a list of texts`);
      else record[key.trim().toLowerCase()] = cell;
    }
    return { at, row: i + 1, record };
  });
  if (problems.length) throw new PeopleFileError(file, problems);
  return people;
};

/** The text of a people file, CSV or JSON (by its name's ending, or its first character). */
export const parsePeople = (text: string, program: Program, file: string): Candidate[] => {
  const json = /\.json$/i.test(file) || /^\s*\[/.test(text);
  const people = json ? fromJson(text, file) : fromCsv(text, file);
  if (people.length === 0) throw new PeopleFileError(file, ['has nobody in it (a header row and at least one person are needed)']);
  return validatePeople(people, program, file);
};

export const readPeople = async (file: string, program: Program): Promise<Candidate[]> => {
  let text: string;
  try {
    text = await readTextFile(file, { maxBytes: PEOPLE_FILE_MAX_BYTES, advice: SAVE_AS });
  } catch (error) {
    if (error instanceof UnreadableText) throw new PeopleFileError(file, [error.message]);
    throw error;
  }
  return parsePeople(text, program, file);
};
