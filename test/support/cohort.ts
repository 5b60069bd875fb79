import { inject } from 'vitest';
import type { Policy } from '#local/participants';
import { parse as parseYaml } from 'yaml';
import { readFileSync } from 'node:fs';
import { parseProgram, type Program } from '#domain/program/config';
import { parseEnrolment, type PairRow } from '#use-cases/enrolment/read-enrolment';

const EXAMPLE_PROGRAM = new URL('../../examples/program.yaml', import.meta.url);
const EXAMPLE_ENROLMENT = new URL('../../examples/enrolment.csv', import.meta.url);

/** The least a coordinator must write in a program file; everything else has a default. */
export const MINIMAL_PROGRAM = {
  id: 'pilot-2027',
  name: 'Pilot 2027',
  timeZone: 'Europe/Amsterdam',
  startDate: '2027-01-11',
  competencies: [{ id: 'delegation', name: 'Delegation' }],
};

/** The example program, with test-specific settings laid over it. */
export const exampleProgram = (overrides: Record<string, unknown> = {}): Program =>
  parseProgram({ ...(parseYaml(readFileSync(EXAMPLE_PROGRAM, 'utf8')) as object), ...overrides }, 'examples/program.yaml');

/** A six-month program with a meeting every two weeks and short answer windows: a whole relationship in few events. */
export const halfYearProgram = (overrides: Record<string, unknown> = {}): Program =>
  exampleProgram({
    relationship: { lengthMonths: 6, firstMeetingAfterDays: 7 },
    meetings: { time: '10:00', durationMinutes: 60, reminderHoursBefore: 24, checkInHoursAfter: 2, cadence: [{ every: { weeks: 2 }, until: { months: 6 } }] },
    reviewMonths: [3],
    midpointReviewMonth: 3,
    answers: { windowDays: 4, reminderWindowDays: 4 },
    followUp: { afterMonths: 1 },
    ...overrides,
  });

/**
 * The first `count` pairs of the example enrolment file, everyone reading the program's
 * language (so a test reads what it asserts) unless `ownLanguages` keeps each person's own.
 */
export const examplePairs = (program: Program, count = 5, { ownLanguages = false } = {}): PairRow[] =>
  parseEnrolment(readFileSync(EXAMPLE_ENROLMENT, 'utf8'), program, 'examples/enrolment.csv')
    .slice(0, count)
    .map((row) =>
      ownLanguages
        ? row
        : {
            ...row,
            ...Object.fromEntries((['mentee', 'mentor', 'manager', 'coordinator'] as const).map((role) => [role, { ...row[role], locale: program.locale }])),
          },
    );

/**
 * Participants who accept the match, agree how they work, propose, confirm and endorse goals
 * and review them (soon, without fuss), and answer check-ins as `checkIns` says.
 */
export const agreeing =
  (checkIns: Policy, others: Policy = () => ({ afterDays: 0.1 })): Policy =>
  (mail) =>
    mail.kind === 'check-in' ? checkIns(mail) : others(mail);

/** The run's one DynamoDB Local (started by the global setup), for a runtime's own tables. */
export const sharedDynamoDb = () => ({ dynamoDbEndpoint: inject('dynamoDbEndpoint') });

/**
 * The store's in-memory twin instead of DynamoDB Local: for runs of weeks or months about what
 * the workflows do, where the store is not the subject (the contract suite and the determinism
 * test hold the twin to DynamoDB's behaviour; whole years, DynamoDB's faults and the CLI run on
 * DynamoDB Local).
 */
export const twinStore = () => ({ store: 'memory' as const });
