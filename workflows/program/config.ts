import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { isKnownTimeZone } from './time-zones.ts';

/** A span of program time in the units coordinators think in. */
const span = z
  .strictObject({
    days: z.number().int().positive().optional(),
    weeks: z.number().int().positive().optional(),
    months: z.number().int().positive().optional(),
  })
  .refine((s) => Object.keys(s).length === 1, { message: 'give exactly one of days, weeks or months' });
export type Span = z.infer<typeof span>;

const identifier = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'use 2-63 lower-case letters, digits and dashes');

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM, 24-hour');

const timeZone = z.string().refine(isKnownTimeZone, { message: 'is not a known IANA time zone' });

export const programSchema = z
  .strictObject({
    id: identifier,
    name: z.string().min(1).max(200),
    locale: z.enum(['en']).default('en'),
    timeZone,
    startDate: z.iso.date({ message: 'use YYYY-MM-DD' }),
    /** Decided before who takes part: what the program is for. */
    competencies: z
      .array(
        z.strictObject({
          id: identifier,
          name: z.string().min(1),
          kind: z.enum(['strategic', 'tactical']).default('tactical'),
        }),
      )
      .min(1, 'name at least one competency the program transfers'),
    relationship: z
      .strictObject({
        lengthMonths: z.number().int().min(1).max(24).default(12),
        firstMeetingAfterDays: z.number().int().min(0).max(60).default(7),
      })
      .prefault({}),
    meetings: z
      .strictObject({
        time: clockTime.default('10:00'),
        durationMinutes: z.number().int().min(15).max(480).default(60),
        reminderHoursBefore: z.number().int().min(1).max(168).default(24),
        checkInHoursAfter: z.number().int().min(0).max(72).default(2),
        /** Meeting rhythm by phase of the relationship; each step runs until its `until`. */
        cadence: z
          .array(z.strictObject({ every: span, until: span }))
          .min(1)
          .default([
            { every: { weeks: 1 }, until: { weeks: 8 } },
            { every: { weeks: 2 }, until: { months: 4 } },
            { every: { months: 1 }, until: { months: 12 } },
          ]),
      })
      .prefault({}),
    reviewMonths: z.array(z.number().int().min(1).max(23)).default([3, 6, 9]),
    answers: z
      .strictObject({
        /** How long a question waits before the reminder. */
        windowDays: z.number().positive().max(60).default(3),
        /** How long after the reminder before the question counts as unanswered. */
        reminderWindowDays: z.number().positive().max(60).default(4),
      })
      .prefault({}),
    /** When a relationship is at risk: the coordinator gets an alert saying why, the pair a gentle nudge. */
    safetyNet: z
      .strictObject({
        /** This many meetings in a row not held or unanswered. */
        missedInARow: z.number().int().min(1).max(12).default(2),
        /** A check-in rating (1-5) of this or less; 0 turns the rule off. */
        lowRating: z.number().int().min(0).max(4).default(2),
        /** This many days without an answered check-in, counted from the relationship's start. */
        silentDays: z.number().int().min(1).max(365).default(30),
      })
      .prefault({}),
  })
  .superRefine((program, ctx) => {
    const seen = new Set<string>();
    program.competencies.forEach((c, i) => {
      if (seen.has(c.id)) ctx.addIssue({ code: 'custom', path: ['competencies', i, 'id'], message: `"${c.id}" is listed twice` });
      seen.add(c.id);
    });
    program.reviewMonths.forEach((m, i) => {
      if (m >= program.relationship.lengthMonths)
        ctx.addIssue({ code: 'custom', path: ['reviewMonths', i], message: `month ${m} is not inside a ${program.relationship.lengthMonths}-month relationship` });
    });
  });

export type Program = z.infer<typeof programSchema>;

export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file} is not a valid program configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** `meetings.cadence[1].every` style, as a coordinator would look it up in the file. */
export const fieldPath = (path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');

export const parseProgram = (raw: unknown, file: string): Program => {
  const result = programSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigurationError(
      file,
      result.error.issues.map((issue) => `${fieldPath(issue.path) || '(top level)'}: ${issue.message}`),
    );
  }
  return result.data;
};

export const loadProgram = async (file: string): Promise<Program> => {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigurationError(file, [`cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`]);
  }
  let raw: unknown;
  try {
    raw = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text, { prettyErrors: true });
  } catch (error) {
    throw new ConfigurationError(file, [`is not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]}`]);
  }
  return parseProgram(raw, file);
};
