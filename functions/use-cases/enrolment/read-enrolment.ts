import * as z from 'zod';
import type { Program } from '#domain/program/config';
import { isKnownTimeZone } from '#domain/program/time-zones';
import { isLocale, knownLocales } from '#domain/program/locales';
import { preview, printable } from '#domain/plain-text';
import { listProblems } from '#domain/problem-list';
import { csvRecords, type CsvRecords } from '#adapters/csv-records';
import { decodeText, readTextFile, UnreadableText } from '#adapters/text-file';
import { cellProblem, ENROLMENT_COLUMNS, ROLES_IN_FILE, type EnrolmentColumn } from '#domain/people/enrolment-file';

export { ENROLMENT_COLUMNS } from '#domain/people/enrolment-file';

const REQUIRED: readonly EnrolmentColumn[] = ENROLMENT_COLUMNS.filter((c) => /_(name|email)$/.test(c) || c === 'competencies');
/** Room for some sixty thousand pairs: more than any cohort, little enough to read in seconds. */
export const ENROLMENT_FILE_MAX_BYTES = 10 * 1_048_576;
const SAVE_AS = 'save the sheet as CSV UTF-8';

export interface EnrolledPerson {
  name: string;
  email: string;
  /** Their own, or the program's. */
  locale: string;
  /** Their own; a mentee's is the row's `time_zone`, anyone else's the program's, unless given. */
  timeZone: string;
}

export interface PairRow {
  row: number;
  mentee: EnrolledPerson;
  mentor: EnrolledPerson;
  manager: EnrolledPerson;
  coordinator: EnrolledPerson;
  competencies: string[];
  /** Where the relationship's meetings are planned: the row's `time_zone`, else the mentee's own, else the program's. */
  timeZone: string;
  startDate: string;
  /** Rows with the same circle name and mentor are one group-mentoring circle. */
  circle?: string;
}

export class EnrolmentError extends Error {
  override name = 'EnrolmentError';
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${printable(file)} cannot be enrolled; nothing was stored:\n${listProblems(problems)}`);
  }
}

/** The pattern `z.email()` checks, tested directly: ten thousand rows hold forty thousand addresses. */
const email = z.regexes.email;
const day = z.iso.date();
type Role = (typeof ROLES_IN_FILE)[number];

/** One row of the file with the line it is on, as the coordinator sees it in an editor. */
export interface NumberedRecord {
  line: number;
  record: Record<string, string>;
}

/** Validates every row against the program and each other; collects every problem, row by row. */
export const validateEnrolment = (records: NumberedRecord[], program: Program, file: string): PairRow[] => {
  const problems: string[] = [];
  const rows: PairRow[] = [];
  const competencyIds = new Set(program.competencies.map((c) => c.id));
  const knownCompetencies = [...competencyIds].join(', ');
  // Asking Intl about a zone costs far more than a lookup, and a cohort has few zones.
  const knownZones = new Map<string, boolean>();
  const isKnownZone = (zone: string) => knownZones.get(zone) ?? knownZones.set(zone, isKnownTimeZone(zone)).get(zone)!;
  const namesByEmail = new Map<string, { name: string; row: number }>();
  // A person's own language and zone, wherever a row gives them: one person has one of each.
  const ownSettings = new Map<string, Partial<Record<'locale' | 'time_zone', { value: string; row: number }>>>();
  const menteeRows = new Map<string, number>();
  const circles = new Map<string, { row: number; mentor: string; coordinator: string; timeZone: string; startDate: string }>();

  for (const { line: row, record } of records) {
    const at = (message: string) => problems.push(`row ${row}: ${message}`);
    // A cell that is too long or holds what it may not is reported once, and then read as absent.
    const refused = new Set<EnrolmentColumn>();
    for (const column of ENROLMENT_COLUMNS) {
      const problem = cellProblem(column, record[column] ?? '');
      if (problem) {
        at(problem);
        refused.add(column);
      }
    }
    const cell = (column: EnrolmentColumn) => (refused.has(column) ? '' : (record[column] ?? '').trim());

    const rowZone = cell('time_zone');
    const people = {} as Record<Role, EnrolledPerson>;
    for (const role of ROLES_IN_FILE) {
      const name = cell(`${role}_name`);
      const address = cell(`${role}_email`).toLowerCase();
      if (!name && !refused.has(`${role}_name`)) at(`${role}_name is empty`);
      if (!address) {
        if (!refused.has(`${role}_email`)) at(`${role}_email is empty`);
      } else if (!email.test(address)) at(`${role}_email "${preview(address, 60)}" is not an e-mail address`);
      const locale = cell(`${role}_locale`);
      if (locale && !isLocale(locale)) at(`${role}_locale "${preview(locale, 20)}" is not one of the languages (${knownLocales()})`);
      const zone = cell(`${role}_time_zone`);
      if (zone && !isKnownZone(zone)) at(`${role}_time_zone "${preview(zone, 60)}" is not a known IANA time zone (for example Asia/Jakarta)`);
      for (const [setting, value] of [
        ['locale', locale],
        ['time_zone', zone],
      ] as const) {
        if (!value || !address) continue;
        const own = ownSettings.get(address) ?? ownSettings.set(address, {}).get(address)!;
        const seen = own[setting];
        if (seen && seen.value !== value)
          at(
            `${role}_${setting} of ${address} is "${preview(value, 60)}" here but "${seen.value}" in row ${seen.row}; one person has one ${setting.replace('_', ' ')}`,
          );
        else if (!seen) own[setting] = { value, row };
      }
      people[role] = { name, email: address, locale: program.locale, timeZone: role === 'mentee' && rowZone ? rowZone : program.timeZone };
      if (name && address) {
        const seen = namesByEmail.get(address);
        if (seen && seen.name !== name) at(`${address} is "${name}" here but "${seen.name}" in row ${seen.row}; one address is one person`);
        else if (!seen) namesByEmail.set(address, { name, row });
      }
    }

    const { mentee, mentor, manager, coordinator } = people;
    if (mentee.email && mentee.email === mentor.email) at(`the mentee cannot be their own mentor (${mentee.email})`);
    if (mentee.email && mentee.email === manager.email) at(`the mentee cannot be their own line manager (${mentee.email})`);
    if (mentee.email && mentee.email === coordinator.email) at(`the mentee cannot coordinate their own relationship (${mentee.email})`);
    if (mentor.email && mentor.email === manager.email)
      at(`the mentor is also the mentee's line manager (${mentor.email}); choose a mentor outside the reporting line so meetings stay confidential`);
    if (mentee.email) {
      const earlier = menteeRows.get(mentee.email);
      if (earlier) at(`mentee ${mentee.email} is already enrolled in row ${earlier}`);
      else menteeRows.set(mentee.email, row);
    }

    const competencies = cell('competencies')
      .split(';')
      .map((c) => c.trim())
      .filter(Boolean);
    if (competencies.length === 0 && !refused.has('competencies')) at("competencies is empty; name at least one of the program's competencies");
    for (const c of competencies) if (!competencyIds.has(c)) at(`competency "${preview(c, 60)}" is not one of the program's (${knownCompetencies})`);

    const timeZone = rowZone || cell('mentee_time_zone') || program.timeZone;
    if (rowZone && !isKnownZone(rowZone)) at(`time_zone "${preview(rowZone, 60)}" is not a known IANA time zone (for example Europe/Amsterdam)`);

    const startDate = cell('start_date') || program.startDate;
    if (!day.safeParse(startDate).success) at(`start_date "${preview(startDate, 60)}" is not a date (YYYY-MM-DD)`);

    const circle = cell('circle') || undefined;
    if (circle) {
      const first = circles.get(circle);
      const differs =
        first &&
        (first.mentor !== mentor.email
          ? 'mentor_email'
          : first.coordinator !== coordinator.email
            ? 'coordinator_email'
            : first.timeZone !== timeZone
              ? 'time_zone'
              : first.startDate !== startDate
                ? 'start_date'
                : undefined);
      if (differs)
        at(`circle "${circle}" has another ${differs} in row ${first.row}; everyone in a circle shares one mentor, coordinator, time zone and start date`);
      else if (!first) circles.set(circle, { row, mentor: mentor.email, coordinator: coordinator.email, timeZone, startDate });
    }

    rows.push({ row, ...people, competencies, timeZone, startDate, ...(circle ? { circle } : {}) });
  }

  if (problems.length) throw new EnrolmentError(file, problems);
  // Everyone's own language and zone, from whichever row gave them.
  const withOwn = (person: EnrolledPerson): EnrolledPerson => {
    const own = ownSettings.get(person.email);
    return { ...person, ...(own?.locale ? { locale: own.locale.value } : {}), ...(own?.time_zone ? { timeZone: own.time_zone.value } : {}) };
  };
  return rows.map((row) => ({
    ...row,
    mentee: withOwn(row.mentee),
    mentor: withOwn(row.mentor),
    manager: withOwn(row.manager),
    coordinator: withOwn(row.coordinator),
  }));
};

/** The header row's problems: a required column missing, an unknown one, or one named twice. */
const headerProblems = (header: string[]): string[] => {
  const known: readonly string[] = ENROLMENT_COLUMNS;
  const missing = REQUIRED.filter((c) => !header.includes(c));
  const unknown = header.flatMap((c, i) => (known.includes(c) ? [] : [c ? `column ${preview(c, 40)} is not known` : `column ${i + 1} has no heading`]));
  const twice = header.filter((c, i) => known.includes(c) && header.indexOf(c) !== i);
  return [
    ...missing.map((c) => `column ${c} is missing`),
    ...unknown.map((problem) => `${problem} (known columns: ${ENROLMENT_COLUMNS.join(', ')})`),
    ...[...new Set(twice)].map((c) => `column ${c} is there twice; keep one`),
  ];
};

export const parseEnrolment = (text: string, program: Program, file: string): PairRow[] => {
  let read: CsvRecords;
  try {
    read = csvRecords(text);
  } catch (error) {
    throw new EnrolmentError(file, [(error as Error).message]);
  }
  const { header, records } = read;
  if (records.length === 0) throw new EnrolmentError(file, ['has no pairs (a header row and at least one pair are needed)']);
  const problems = headerProblems(header);
  if (problems.length) throw new EnrolmentError(file, problems);
  return validateEnrolment(records, program, file);
};

/** A file that cannot be read as text, as the EnrolmentError a coordinator reads. */
const refuse: (file: string, error: unknown) => never = (file, error) => {
  if (error instanceof UnreadableText) throw new EnrolmentError(file, [error.message]);
  throw error;
};

/** The bytes of an enrolment file: refused whole when they are not UTF-8 text, else parsed and validated. */
export const parseEnrolmentFile = (bytes: Uint8Array, program: Program, file: string): PairRow[] => {
  let text: string;
  try {
    text = decodeText(bytes, SAVE_AS);
  } catch (error) {
    refuse(file, error);
  }
  return parseEnrolment(text, program, file);
};

export const readEnrolment = async (file: string, program: Program): Promise<PairRow[]> => {
  let text: string;
  try {
    text = await readTextFile(file, { maxBytes: ENROLMENT_FILE_MAX_BYTES, advice: SAVE_AS });
  } catch (error) {
    refuse(file, error);
  }
  return parseEnrolment(text, program, file);
};

/** The relationships a file describes: each pair alone, each circle's rows together (in file order). */
export const groupIntoRelationships = (rows: PairRow[]): PairRow[][] => {
  const groups = new Map<string, PairRow[]>();
  for (const row of rows) {
    const key = row.circle ? `circle:${row.circle}` : `row:${row.row}`;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return [...groups.values()];
};
