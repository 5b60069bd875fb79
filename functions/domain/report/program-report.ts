import type { Program } from '../program/config.ts';
import type { Relationship } from '../model.ts';
import { overlaps } from '../desk/export-rows.ts';
import { careFigures, deliveryFigures, mailRows, type MailRow } from './care.ts';
import { costOf, type CostFigures } from './cost.ts';
import { cohortOf, within, type MarkFacts, type Period, type RelationshipFacts } from './facts.ts';
import { goalFigures, type GoalFigures } from './goals.ts';
import { calibrationHints, type Hint, type HintFigures } from './hints.ts';
import { meetingFigures } from './meetings.ts';
import type { PriceTable } from './prices.ts';
import { questionRows } from './questions.ts';
import { surveyFigures } from './survey.ts';
import { emailPoints, type MeasuredUsage } from './usage.ts';

/**
 * The program report (`mentoring report`): for a period, per enrolment cohort and for the whole
 * program, the figures a coordinator monitors (the guide's step 4) and the hints to calibrate
 * by (step 5), with what the period cost. Pure: the use case reads the facts, this decides.
 */

/** The figures of one cohort (relationships starting in the same month), or of all of them (`all`). */
export interface CohortFigures extends HintFigures {
  cohort: string;
  relationships: number;
  mentees: number;
  goals: GoalFigures;
  mail: MailRow[];
}

export interface ProgramReport {
  programId: string;
  programName: string;
  /** The program's competencies, in its order: goal progress is told by their names. */
  competencies: { id: string; name: string }[];
  /** When the report was made, in program time. */
  at: string;
  /** The period the figures cover: the one asked for, else from the first enrolment to now. */
  period: { from: string; until: string };
  /** The whole program first (`all`), then each cohort, oldest first. */
  cohorts: CohortFigures[];
  cost: CostFigures;
  hints: Hint[];
}

export interface ReportFacts {
  program: Program;
  relationships: readonly RelationshipFacts[];
  /** The program's people with an undeliverable mark, if any. */
  marks: readonly MarkFacts[];
  /** What the deployment used in the period, e-mails aside (the program's mail log has those). */
  usage: MeasuredUsage;
  period: Period;
  now: Date;
  prices: PriceTable;
}

export const ALL = 'all';

const figuresOf = (cohort: string, relationships: readonly RelationshipFacts[], facts: ReportFacts): CohortFigures => {
  const { period, program, marks } = facts;
  const meetings = meetingFigures(relationships, period, program);
  return {
    cohort,
    relationships: relationships.length,
    mentees: relationships.reduce((n, r) => n + r.relationship.mentees.length, 0),
    underWay: relationships.filter(({ relationship: r }) => r.status !== 'matching' && r.ending !== 'not-matched').length,
    meetings,
    questions: questionRows(relationships, period, meetings.checkIns),
    goals: goalFigures(relationships, period, program),
    survey: surveyFigures(relationships, period),
    care: careFigures(relationships, period),
    mail: mailRows(relationships, period),
    delivery: deliveryFigures(relationships, marks, period),
  };
};

/** The start of an instant's UTC day. */
const dayStart = (at: string): string => `${at.slice(0, 10)}T00:00:00.000Z`;

/**
 * The span the usage and cost are read for: the period's start, else the day the first of its
 * relationships was enrolled; its end, or now if that comes first (nothing is used ahead).
 */
export const reportSpan = (
  relationships: readonly Pick<Relationship, 'enrolledAt' | 'closedAt'>[],
  period: Period,
  now: Date,
): { from: string; until: string } => {
  const first = relationships
    .filter((r) => overlaps(r, period))
    .map((r) => r.enrolledAt)
    .sort()[0];
  const from = period.from ?? dayStart(first ?? now.toISOString());
  // Up to now and including it: what the command itself just did (a resend) counts.
  return { from, until: period.until && period.until <= now.toISOString() ? period.until : new Date(now.getTime() + 1).toISOString() };
};

export const programReport = (facts: ReportFacts): ProgramReport => {
  const { program, period, now } = facts;
  const chosen = facts.relationships
    .filter((r) => overlaps(r.relationship, period))
    .sort((a, b) => a.relationship.relationshipId.localeCompare(b.relationship.relationshipId));
  const { from, until } = reportSpan(
    chosen.map((r) => r.relationship),
    period,
    now,
  );
  const cohorts = [...new Set(chosen.map((r) => cohortOf(r.relationship)))].sort();
  const all = figuresOf(ALL, chosen, facts);
  const sent = chosen.flatMap((r) => r.mail.map((m) => m.sentAt)).filter((at) => within(at, { from, until }));
  return {
    programId: program.id,
    programName: program.name,
    competencies: program.competencies.map(({ id, name }) => ({ id, name })),
    at: now.toISOString(),
    period: { from, until: period.until ?? now.toISOString() },
    cohorts: [
      all,
      ...cohorts.map((cohort) =>
        figuresOf(
          cohort,
          chosen.filter((r) => cohortOf(r.relationship) === cohort),
          facts,
        ),
      ),
    ],
    cost: costOf(
      { source: facts.usage.source, points: [...facts.usage.points, ...emailPoints(sent)] },
      { from: new Date(from), until: new Date(until) },
      facts.prices,
    ),
    hints: calibrationHints(all, program),
  };
};
