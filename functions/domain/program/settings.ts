import * as z from 'zod';
import { isKnownTimeZone } from './time-zones.ts';
import { LOCALES } from './locales.ts';

/** A span of program time in the units coordinators think in. */
const span = z
  .strictObject({
    days: z.number().int().positive().optional(),
    weeks: z.number().int().positive().optional(),
    months: z.number().int().positive().optional(),
  })
  .refine((s) => Object.keys(s).length === 1, { message: 'give exactly one of days, weeks or months' });
export type Span = z.infer<typeof span>;

const identifier = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'use 2-63 lower-case letters, digits and dashes');

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM, 24-hour');

const timeZone = z.string().refine(isKnownTimeZone, { message: 'is not a known IANA time zone' });

/** Days of the week as a program file names them, Monday first (luxon's weekday 1 to 7). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** The days a pair meets on; the same day twice is a slip of the pen, not a preference. */
const workingDays = z
  .array(z.enum(WEEKDAYS, { message: `use ${WEEKDAYS.join(', ')}` }))
  .min(1, 'name at least one working day')
  .superRefine((days, ctx) => {
    days.forEach((day, i) => {
      if (days.indexOf(day) !== i) ctx.addIssue({ code: 'custom', path: [i], message: `"${day}" is listed twice` });
    });
  });

/** Every setting of a program file, as written: the checks across settings come in config.ts. */
export const programSettings = z.strictObject({
  id: identifier,
  name: z.string().min(1).max(200),
  /** The language of every e-mail and page, unless a person's own is given in the enrolment file. */
  locale: z.enum(LOCALES).default('en'),
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
      /** Meetings are planned on these days only: one that falls on another day moves to the next working day. */
      workingDays: workingDays.default(['mon', 'tue', 'wed', 'thu', 'fri']),
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
  /** Months at which mentee and mentor rate each goal between its baseline and target. */
  reviewMonths: z.array(z.number().int().min(1).max(23)).default([3, 6, 9]),
  /** The review that also asks each, privately, whether to continue (default month 6 when it is a review month); null asks nobody. */
  midpointReviewMonth: z.number().int().min(1).max(23).nullable().optional(),
  answers: z
    .strictObject({
      /** How long a question waits before the reminder. */
      windowDays: z.number().positive().max(14).default(3),
      /** How long after the reminder before the question counts as unanswered (or goes to the coordinator). */
      reminderWindowDays: z.number().positive().max(14).default(4),
      /** For questions the relationship cannot go on without: how long after telling the coordinator. */
      escalationWindowDays: z.number().positive().max(14).default(7),
    })
    .prefault({}),
  /** The mentoring agreement: goals on the program's scale, each tied to a competency. */
  goals: z
    .strictObject({
      /** At most this many goals per mentee (1-5). */
      max: z.number().int().min(1).max(5).default(5),
      /** The scale of baseline, target and ratings, e.g. 1 (beginner) to 5 (expert). */
      scale: z.strictObject({ min: z.number().int().min(0).max(1).default(1), max: z.number().int().min(3).max(10).default(5) }).prefault({}),
      /** How often the mentor may send the goals back for changes before they stand as proposed. */
      revisionRounds: z.number().int().min(0).max(2).default(1),
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
  /** Leave or illness: the longest a pause may last before the relationship resumes by itself. */
  pause: z.strictObject({ maxDays: z.number().int().min(7).max(180).default(90) }).prefault({}),
  /** A further run of meetings the pair may ask for at closure, with the coordinator's approval. */
  extension: z
    .strictObject({
      months: z.number().int().min(1).max(6).default(3),
      every: span.default({ months: 1 }),
      /** How many extensions one relationship may have; 0 never offers one. */
      maxTimes: z.number().int().min(0).max(3).default(1),
    })
    .prefault({}),
  /** After closure: when the mentee is asked whether the progress held. */
  followUp: z.strictObject({ afterMonths: z.number().int().min(1).max(6).default(3) }).prefault({}),
  /**
   * How long the personal data of an ended relationship is kept: counted from its end (its
   * follow-up, or its closure when it had none). Then names, addresses, free-text answers,
   * notes and goals' text are erased; ids, dates, outcomes and counts stay for the reports.
   */
  retention: z.strictObject({ keepPersonalDataMonths: z.number().int().min(1).max(120).default(24) }).prefault({}),
});

export type ProgramSettings = z.infer<typeof programSettings>;
