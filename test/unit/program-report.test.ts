import { describe, expect, test } from 'vitest';
import { programReport, type CohortFigures } from '#domain/report/program-report';
import { readerOf } from '#domain/report/care';
import { costOf } from '#domain/report/cost';
import { PRICES } from '#domain/report/prices';
import { calibrationHints, type HintFigures } from '#domain/report/hints';
import { prefixOf, usageMetrics } from '#domain/report/usage';
import { meetingFigures } from '#domain/report/meetings';
import type { RelationshipFacts } from '#domain/report/facts';
import { pairRhythm } from '#domain/pair-cadence';
import { plannedMeetings } from '#domain/program/schedule';
import { stepWords } from '#presentation/reports/report-words';
import { facts, program } from '../support/report-facts.ts';

/**
 * The program report's figures over hand-made relationships whose numbers are known in advance
 * (test/support/report-facts.ts): a pair of January's cohort that met through its first ten
 * meetings, one of March's that missed its two and ended early, a January match that was
 * declined, and a pair of the year before that completed, looked back and followed up.
 */

const all = (report: ReturnType<typeof programReport>): CohortFigures => report.cohorts[0]!;

describe('meetings against the plan', () => {
  test('held against planned, by phase, by step of the cadence and by month; moved by the pair', () => {
    const report = programReport(facts());
    expect(report.cohorts.map((c) => [c.cohort, c.relationships])).toEqual([
      ['all', 4],
      ['2026-01', 1],
      ['2027-01', 2],
      ['2027-03', 1],
    ]);
    const { meetings } = all(report);
    expect(meetings.total).toEqual({ planned: 12, held: 6, notHeld: 3, unanswered: 3, moved: 1, heldShare: 0.5 });
    expect(meetings.byPhase.map((r) => [r.key, r.planned, r.held])).toEqual([['meetings-1', 12, 6]]);
    expect(meetings.byRhythm.map((r) => [r.key, r.every, r.after, r.planned, r.held, r.notHeld, r.unanswered])).toEqual([
      ['step-1', { weeks: 1 }, undefined, 9, 5, 1, 3],
      ['step-2', { weeks: 2 }, { weeks: 8 }, 3, 1, 2, 0],
    ]);
    expect(meetings.byMonth.map((r) => [r.key, r.planned, r.held])).toEqual([
      ['2027-01', 2, 2],
      ['2027-02', 4, 2],
      ['2027-03', 5, 2],
      ['2027-04', 1, 0],
    ]);
    // A period keeps the meetings that fell in it.
    expect(all(programReport(facts({ from: '2027-02-01T00:00:00.000Z', until: '2027-03-01T00:00:00.000Z' }))).meetings.total.planned).toBe(4);
  });

  test('meetings a pair’s agreed rhythm spaced are counted apart from the program’s later steps, which did not set them', () => {
    // Agreed monthly after the first meeting: weekly until week 8, then monthly; every monthly one not held.
    const calendar = { program, startDate: '2027-01-11', timeZone: program.timeZone, rhythm: pairRhythm(program, { frequency: 'monthly', fromMeetingNo: 2 })! };
    const meetings = plannedMeetings(calendar).map((at, i) => ({
      meetingNo: i + 1,
      startsAt: at.toISOString(),
      status: i < 7 ? 'held' : 'not-held',
      moves: [],
    }));
    const { byRhythm } = meetingFigures([{ calendar, meetings, saved: [] } as unknown as RelationshipFacts], {}, program);
    expect(byRhythm.map((r) => [r.key, stepWords(r), r.planned, r.held])).toEqual([
      ['step-1', 'weekly until week 8', 7, 7],
      ['agreed-1', 'as agreed: monthly from week 8 until month 12', 11, 0],
    ]);
    // The pairs chose it: no hint to change a step of the program's.
    const figures = structuredClone(all(programReport(facts()))) as HintFigures;
    figures.meetings.byRhythm = byRhythm;
    expect(calibrationHints(figures, program).filter((h) => h.rule === 'rhythm-not-held')).toEqual([]);
  });

  test('check-ins: answered against asked, hours to the first answer (median and p90); ratings and ways of meeting', () => {
    const { meetings } = all(programReport(facts()));
    // Ten answers (meeting 3 twice: moved, then held), three meetings nobody answered.
    expect(meetings.checkIns).toEqual({ asked: 13, answered: 10, answeredShare: 10 / 13, hoursToAnswer: { count: 10, median: 5, p90: 30 } });
    expect(meetings.ratings).toEqual({ count: 6, mean: 22 / 6, byRating: { 1: 0, 2: 1, 3: 1, 4: 3, 5: 1 } });
    expect(meetings.modes).toEqual({ 'face-to-face': 1, phone: 0, video: 5, email: 0 });
  });
});

describe('answers, goals and satisfaction', () => {
  test('response rate by kind of question, from what each relationship went through', () => {
    expect(all(programReport(facts())).questions).toEqual([
      // Nobody's answer to last year's match is kept: asked, but not answered as far as the record shows.
      { kind: 'match', asked: 4, answered: 3, answeredShare: 0.75 },
      { kind: 'check-in', asked: 13, answered: 10, answeredShare: 10 / 13 },
      { kind: 'review', asked: 1, answered: 1, answeredShare: 1 },
      { kind: 'look-back', asked: 1, answered: 1, answeredShare: 1 },
      { kind: 'follow-up', asked: 1, answered: 1, answeredShare: 1 },
    ]);
  });

  test('goal progress from baseline toward target per competency and view; the line manager’s view is the endorsement', () => {
    const { goals } = all(programReport(facts()));
    expect(goals.rows.map((r) => [r.competency, r.view, r.rated, r.baseline, r.target, r.latest, r.progress, r.reached])).toEqual([
      ['giving-feedback', 'mentee', 1, 1, 5, 5, 1, 1],
      ['giving-feedback', 'mentor', 1, 1, 5, 3, 0.5, 0],
      ['delegation', 'mentee', 1, 2, 4, 3, 0.5, 0],
      ['delegation', 'mentor', 1, 2, 4, 2, 0, 0],
    ]);
    expect(goals.trend).toEqual([
      { review: 'month-3', view: 'mentee', rated: 2, progress: 0.75 },
      { review: 'month-3', view: 'mentor', rated: 2, progress: 0.25 },
    ]);
    expect(goals.managers).toEqual({ goals: 2, endorsed: 2, endorse: 1, discuss: 0 });
    // Before the review was answered, no goal was rated yet.
    expect(all(programReport(facts({ until: '2027-04-01T00:00:00.000Z' }))).goals.rows.every((r) => r.rated === 0)).toBe(true);
  });

  test('the look back’s survey and the follow-up, by choice; a note is never read', () => {
    const { survey: figures } = all(programReport(facts()));
    expect(figures.lookBack).toEqual([
      {
        role: 'mentee',
        answers: 1,
        satisfaction: { count: 1, mean: 5, byLevel: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 1 } },
        recommend: { yes: 1, no: 0 },
        mentorOthers: { yes: 0, maybe: 1, no: 0 },
      },
      {
        role: 'mentor',
        answers: 1,
        satisfaction: { count: 1, mean: 4, byLevel: { 1: 0, 2: 0, 3: 0, 4: 1, 5: 0 } },
        recommend: { yes: 1, no: 0 },
        mentorOthers: { yes: 1, maybe: 0, no: 0 },
      },
    ]);
    expect(figures.followUp).toEqual({ held: 1, partly: 0, slipped: 0 });
    expect(JSON.stringify(programReport(facts()))).not.toContain('Thank you');
  });
});

describe('the safety net, pauses, outcomes and e-mail', () => {
  test('alerts and their reasons, pauses, outcomes in the labels status uses; the undeliverable share of participants', () => {
    const figures = all(programReport(facts()));
    expect(figures.underWay).toBe(3);
    expect(figures.care).toEqual({
      alerts: { sent: 1, relationships: 1, perRelationship: 1 / 3, reasons: { 'two-missed-in-a-row': 1, 'low-rating': 0, silent: 1 } },
      pauses: { started: 1, relationships: 1, meanDays: 14 },
      outcomes: { completed: 0, 'completed-few-meetings': 1, 'ended-early': 1, 'not-matched': 0, declined: 1, matching: 0, active: 1, paused: 0 },
      followedUp: 1,
      extended: 0,
      paused: 1,
    });
    // Mentors, mentees and line managers: four of each but two managers; Tomasz bounced.
    expect(figures.delivery).toEqual({ participants: 10, undeliverable: 1, because: { bounce: 1, complaint: 0, refused: 0 }, share: 0.1 });
  });

  test('e-mails per participant by the role they read them in, everyone counted, the one who got none too', () => {
    expect(readerOf({ messageKey: 'check-in/1/1/p-sari', recipientRole: 'mentee' })).toBe('p-sari');
    expect(readerOf({ messageKey: 'goal-endorsement/goals/p-eva/p-sari', recipientRole: 'manager' })).toBe('p-eva');
    const january = programReport(facts()).cohorts.find((c) => c.cohort === '2027-01')!;
    expect(january.mail).toEqual([
      { role: 'mentee', people: 2, emails: 2, mean: 1, max: 2 },
      { role: 'mentor', people: 2, emails: 1, mean: 0.5, max: 1 },
      { role: 'manager', people: 2, emails: 1, mean: 0.5, max: 1 },
      { role: 'coordinator', people: 1, emails: 0, mean: 0, max: 0 },
    ]);
  });
});

describe('what the period cost', () => {
  test('usage × the dated price table, per service and month, with the fixed monthly cost for the days covered', () => {
    const cost = costOf(
      {
        source: 'cloudwatch',
        points: [
          { day: '2027-01-10', measure: 'dynamoDbReadUnits', value: 2_000_000 },
          { day: '2027-01-10', measure: 'dynamoDbWriteUnits', value: 1_000_000 },
          { day: '2027-01-11', measure: 'lambdaInvocations', value: 1_000_000 },
          { day: '2027-01-11', measure: 'lambdaDurationMs', value: 2_000_000 },
          { day: '2027-01-12', measure: 'stateTransitions', value: 40_000 },
          { day: '2027-01-12', measure: 'emails', value: 1000 },
          { day: '2027-01-13', measure: 'apiRequests', value: 1_000_000 },
          { day: '2027-01-13', measure: 'logBytes', value: 1024 ** 3 },
        ],
      },
      { from: new Date('2027-01-01T00:00:00.000Z'), until: new Date('2027-01-31T00:00:00.000Z') },
      PRICES,
    );
    expect(cost.prices).toEqual({ region: 'us-east-1', asOf: '2025-06-01', currency: 'USD' });
    expect(cost.days).toBe(30);
    expect(cost.gbSeconds).toBe(1000);
    expect(cost.fixedMonthly.total).toBeCloseTo(5 + 3 + 1 + 0.4 + 4 + 3, 10);
    const expected = { dynamoDb: 0.875, lambda: 0.2133334, stepFunctions: 1, ses: 0.1, api: 4.1, logs: 0.5, fixed: (16.4 * 30) / (365 / 12) };
    for (const [service, value] of Object.entries(expected)) expect(cost.byService[service as keyof typeof expected], service).toBeCloseTo(value, 8);
    expect(cost.total).toBeCloseTo(
      Object.values(expected).reduce((a, b) => a + b, 0),
      8,
    );
    expect(cost.byMonth.map((m) => m.month)).toEqual(['2027-01']);
  });

  test('the report adds the e-mails its log records to what was measured, from the first enrolment to now', () => {
    const { cost, period } = programReport(facts());
    expect(period).toEqual({ from: '2026-01-05T00:00:00.000Z', until: '2027-06-01T00:00:00.000Z' });
    expect(cost.usage).toMatchObject({ stateTransitions: 40_000, emails: 5 });
    expect(cost.source).toBe('local runtime');
  });

  test('what is read of a deployment, by the names its stack gives', () => {
    expect(prefixOf('arn:aws:states:eu-west-1:123456789012:stateMachine:pilot-Matching')).toBe('pilot');
    const metrics = usageMetrics({ prefix: 'pilot', tables: ['pilot', 'pilot-responses'] });
    expect(metrics.filter((m) => m.measure === 'lambdaInvocations')).toHaveLength(16);
    expect(metrics.find((m) => m.measure === 'stateTransitions')).toMatchObject({
      namespace: 'Mentoring/pilot',
      metricName: 'StateTransitions',
      dimensions: {},
    });
    expect(metrics.find((m) => m.measure === 'apiRequests')?.dimensions).toEqual({ ApiName: 'pilot-answer-pages', Stage: 'answers' });
    expect(metrics.filter((m) => m.measure === 'logBytes').map((m) => m.dimensions.LogGroupName)).toContain('/aws/vendedlogs/states/pilot-Meetings');
    expect(new Set(metrics.map((m) => m.id)).size).toBe(metrics.length);
    // An index's units are its own on AWS: read beside its table's.
    const withIndex = usageMetrics({ prefix: 'pilot', tables: ['pilot'], indexes: [{ table: 'pilot', index: 'byOwner' }] });
    expect(withIndex.filter((m) => m.measure === 'dynamoDbWriteUnits').map((m) => m.dimensions)).toEqual([
      { TableName: 'pilot' },
      { TableName: 'pilot', GlobalSecondaryIndexName: 'byOwner' },
    ]);
  });
});

describe('calibration hints, only where the data supports them', () => {
  const quiet = all(programReport(facts()));
  const withFigures = (change: (f: HintFigures) => void): HintFigures => {
    const copy = structuredClone(quiet) as HintFigures;
    change(copy);
    return copy;
  };

  test('a small pilot gives only what its figures support: too few meetings and relationships for the rest, but one address in ten bounced', () => {
    expect(programReport(facts()).hints).toEqual([{ rule: 'bounces', share: 0.1, undeliverable: 1, participants: 10 }]);
  });

  test('a cadence step whose meetings often did not happen: the share, and a longer rhythm to try from where it starts', () => {
    const hints = calibrationHints(
      withFigures((f) => {
        f.meetings.byRhythm = [
          { key: 'step-2', every: { weeks: 2 }, until: { months: 4 }, after: { weeks: 8 }, planned: 50, held: 36, notHeld: 10, unanswered: 4, moved: 0 },
        ];
      }),
      program,
    );
    expect(hints.filter((h) => h.rule === 'rhythm-not-held')).toEqual([
      { rule: 'rhythm-not-held', step: 'step-2', every: { weeks: 2 }, after: { weeks: 8 }, missed: 14, planned: 50, share: 0.28, suggest: { months: 1 } },
    ]);
  });

  test('low response to a kind of question, slow check-ins, many moved meetings, low ratings, many alerts, bounces, early ends', () => {
    const hints = calibrationHints(
      withFigures((f) => {
        f.questions = [{ kind: 'review', asked: 20, answered: 9, answeredShare: 0.45 }];
        f.meetings.checkIns.hoursToAnswer = { count: 40, median: 30, p90: 70 };
        f.meetings.total = { planned: 40, held: 30, notHeld: 2, unanswered: 8, moved: 10, heldShare: 0.75 };
        f.meetings.ratings = { count: 12, mean: 2.5, byRating: {} };
        f.underWay = 5;
        f.care.alerts = { ...f.care.alerts, sent: 7, perRelationship: 1.4 };
        f.care.outcomes['ended-early'] = 2;
        f.delivery = { participants: 50, undeliverable: 2, because: { bounce: 2, complaint: 0, refused: 0 }, share: 0.04 };
      }),
      program,
    );
    expect(hints.map((h) => h.rule)).toEqual(['low-response', 'slow-check-ins', 'moved-meetings', 'low-ratings', 'many-alerts', 'bounces', 'ended-early']);
    expect(hints[0]).toEqual({ rule: 'low-response', kind: 'review', answered: 9, asked: 20, share: 0.45, windowDays: 3 });
    expect(hints[1]).toEqual({ rule: 'slow-check-ins', p90Hours: 70, count: 40, windowDays: 3 });
    expect(hints[4]).toEqual({ rule: 'many-alerts', perRelationship: 1.4, sent: 7, thresholds: program.safetyNet });
    expect(hints[6]).toEqual({ rule: 'ended-early', share: 0.4, endedEarly: 2, relationships: 5 });
  });
});
