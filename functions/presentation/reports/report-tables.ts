import { AT_RISK_REASONS } from '#domain/at-risk';
import { OUTCOME_WORDS, type OutcomeName } from '#domain/desk/outcome';
import { MEETING_MODES, RATINGS } from '#domain/check-in-details';
import { SERVICES, type Service } from '#domain/report/cost';
import { ALL, type CohortFigures, type ProgramReport } from '#domain/report/program-report';
import { csvOf } from './csv.ts';
import { bytes, hintText, kindWords, reasonInWords, stepWords } from './report-words.ts';

/**
 * Every figure table of the program report, once: the page shows them and `--csv` writes one
 * file each. Cells hold numbers as they are (the page formats them, CSV keeps them); a table
 * per cohort figure has a cohort column, the whole program's rows first.
 */

export type Format = 'text' | 'count' | 'share' | 'decimal' | 'hours' | 'usd';
export interface Column {
  key: string;
  label: string;
  format: Format;
}
export type Cell = string | number | undefined;
export interface FigureTable {
  id: string;
  title: string;
  columns: Column[];
  rows: Record<string, Cell>[];
}

const text = (key: string, label: string): Column => ({ key, label, format: 'text' });
const count = (key: string, label: string): Column => ({ key, label, format: 'count' });
const share = (key: string, label: string): Column => ({ key, label, format: 'share' });
const decimal = (key: string, label: string): Column => ({ key, label, format: 'decimal' });

export const cohortLabel = (cohort: string): string => (cohort === ALL ? 'all' : `started ${cohort}`);
const COHORT = text('cohort', 'Cohort');

const ADHERENCE = [
  count('planned', 'Planned'),
  count('held', 'Held'),
  count('not_held', 'Not held'),
  count('unanswered', 'Unanswered'),
  count('moved', 'Moved by the pair'),
  share('held_share', 'Held'),
];
const adherence = (r: CohortFigures['meetings']['total']) => ({
  planned: r.planned,
  held: r.held,
  not_held: r.notHeld,
  unanswered: r.unanswered,
  moved: r.moved,
  held_share: r.heldShare,
});

export const SERVICE_WORDS: Record<Service, string> = {
  dynamoDb: 'DynamoDB',
  lambda: 'Lambda',
  stepFunctions: 'Step Functions',
  ses: 'SES (e-mail)',
  api: 'Answer pages (API and firewall)',
  logs: 'CloudWatch Logs',
  fixed: 'Fixed monthly',
};

const FIXED_WORDS: Record<string, string> = {
  webAcl: 'firewall',
  webAclRule: 'firewall rules',
  kmsKey: 'encryption key',
  secret: 'secret',
  alarm: 'alarms',
  dashboard: 'dashboard',
};

/** What each service's cost is of, in its own units. */
const usageWords = (report: ProgramReport, service: Service): string => {
  const { usage, gbSeconds, fixedMonthly, days } = report.cost;
  const n = (value: number, digits = 0) => value.toLocaleString('en-GB', { maximumFractionDigits: digits });
  switch (service) {
    case 'dynamoDb':
      return `${n(usage.dynamoDbReadUnits, 1)} read units, ${n(usage.dynamoDbWriteUnits, 1)} write units`;
    case 'lambda':
      return `${n(usage.lambdaInvocations)} invocations, ${n(gbSeconds, 1)} GB-seconds`;
    case 'stepFunctions':
      return `${n(usage.stateTransitions)} state transitions`;
    case 'ses':
      return `${n(usage.emails)} e-mails`;
    case 'api':
      return `${n(usage.apiRequests)} requests`;
    case 'logs':
      return `${bytes(usage.logBytes)} ingested`;
    case 'fixed':
      return `${n(days, 1)} days of $${fixedMonthly.total.toFixed(2)} a month: ${fixedMonthly.items.map((i) => `${i.count > 1 ? `${i.count} ` : ''}${FIXED_WORDS[i.item]}`).join(', ')}`;
  }
};

export const reportTables = (report: ProgramReport): FigureTable[] => {
  const each = <T>(rows: (cohort: CohortFigures) => T[]) => report.cohorts.flatMap((cohort) => rows(cohort).map((row) => ({ cohort: cohort.cohort, ...row })));
  const competency = (id: string) => report.competencies.find((c) => c.id === id)?.name ?? id;
  return [
    {
      id: 'meetings-by-phase',
      title: 'Meetings held against planned, by phase',
      columns: [COHORT, text('phase', 'Phase'), ...ADHERENCE],
      rows: each((c) => c.meetings.byPhase.map((r) => ({ phase: r.key, ...adherence(r) }))),
    },
    {
      id: 'meetings-by-rhythm',
      title: "Meetings held against planned, by step of the program's cadence",
      columns: [COHORT, text('rhythm', 'Rhythm'), ...ADHERENCE],
      rows: each((c) => c.meetings.byRhythm.map((r) => ({ rhythm: stepWords(r), ...adherence(r) }))),
    },
    {
      id: 'meetings-by-month',
      title: 'Meetings held against planned, by month',
      columns: [COHORT, text('month', 'Month'), ...ADHERENCE],
      rows: each((c) => c.meetings.byMonth.map((r) => ({ month: r.key, ...adherence(r) }))),
    },
    {
      id: 'answers',
      title: 'Questions answered, by kind',
      columns: [COHORT, text('kind', 'Question'), count('asked', 'Asked'), count('answered', 'Answered'), share('answered_share', 'Answered')],
      rows: each((c) => c.questions.map((q) => ({ kind: kindWords(q.kind), asked: q.asked, answered: q.answered, answered_share: q.answeredShare }))),
    },
    {
      id: 'check-in-times',
      title: 'Time from a check-in to its first answer',
      columns: [
        COHORT,
        count('answers', 'Answers'),
        { key: 'median_hours', label: 'Median', format: 'hours' },
        { key: 'p90_hours', label: '90th percentile', format: 'hours' },
      ],
      rows: each((c) => [
        {
          answers: c.meetings.checkIns.hoursToAnswer.count,
          median_hours: c.meetings.checkIns.hoursToAnswer.median,
          p90_hours: c.meetings.checkIns.hoursToAnswer.p90,
        },
      ]),
    },
    {
      id: 'goal-progress',
      title: 'Goal progress from baseline toward target, per competency and view',
      columns: [
        COHORT,
        text('competency', 'Competency'),
        text('view', 'Rated by'),
        count('goals', 'Goals'),
        count('rated', 'Rated'),
        decimal('baseline', 'Baseline'),
        decimal('target', 'Target'),
        decimal('latest', 'Latest rating'),
        share('progress', 'Of the way'),
        count('reached', 'Target reached'),
      ],
      rows: each((c) =>
        c.goals.rows.map((r) => ({
          competency: competency(r.competency),
          view: r.view,
          goals: r.goals,
          rated: r.rated,
          baseline: r.baseline,
          target: r.target,
          latest: r.latest,
          progress: r.progress,
          reached: r.reached,
        })),
      ),
    },
    {
      id: 'goal-reviews',
      title: 'Goal progress at each review',
      columns: [COHORT, text('review', 'Review'), text('view', 'Rated by'), count('rated', 'Goals rated'), share('progress', 'Of the way')],
      rows: each((c) => c.goals.trend.map((r) => ({ review: r.review, view: r.view, rated: r.rated, progress: r.progress }))),
    },
    {
      id: 'line-managers',
      title: "Line managers' view: the goals they endorsed",
      columns: [
        COHORT,
        count('goals', 'Goals'),
        count('endorsed', 'Endorsed'),
        count('endorse', 'Answers: endorse'),
        count('discuss', 'Answers: discuss first'),
      ],
      rows: each((c) => [{ ...c.goals.managers }]),
    },
    {
      id: 'meeting-ratings',
      title: 'How held meetings went: ratings (1 to 5) and ways of meeting',
      columns: [
        COHORT,
        count('ratings', 'Ratings'),
        decimal('mean', 'Mean rating'),
        ...RATINGS.map((r) => count(`rated_${r}`, `Rated ${r}`)),
        ...MEETING_MODES.map((m) => count(m.replaceAll('-', '_'), m.replaceAll('-', ' '))),
      ],
      rows: each((c) => [
        {
          ratings: c.meetings.ratings.count,
          mean: c.meetings.ratings.mean,
          ...Object.fromEntries(RATINGS.map((r) => [`rated_${r}`, c.meetings.ratings.byRating[r] ?? 0])),
          ...Object.fromEntries(MEETING_MODES.map((m) => [m.replaceAll('-', '_'), c.meetings.modes[m]])),
        },
      ]),
    },
    {
      id: 'look-back',
      title: 'The look back at the end of the year: satisfaction (1 to 5), recommending mentoring, mentoring others',
      columns: [
        COHORT,
        text('role', 'Role'),
        count('answers', 'Answers'),
        decimal('satisfaction', 'Mean satisfaction'),
        count('recommend_yes', 'Would recommend'),
        count('recommend_no', 'Would not'),
        count('mentor_yes', 'Would mentor'),
        count('mentor_maybe', 'Maybe'),
        count('mentor_no', 'Would not mentor'),
      ],
      rows: each((c) =>
        c.survey.lookBack.map((v) => ({
          role: v.role,
          answers: v.answers,
          satisfaction: v.satisfaction.mean,
          recommend_yes: v.recommend.yes,
          recommend_no: v.recommend.no,
          mentor_yes: v.mentorOthers.yes,
          mentor_maybe: v.mentorOthers.maybe,
          mentor_no: v.mentorOthers.no,
        })),
      ),
    },
    {
      id: 'follow-up',
      title: 'The follow-up: did the progress hold?',
      columns: [COHORT, count('held', 'Held'), count('partly', 'Partly'), count('slipped', 'Slipped')],
      rows: each((c) => [{ ...c.survey.followUp }]),
    },
    {
      id: 'safety-net',
      title: "The safety net's alerts to coordinators, and pauses",
      columns: [
        COHORT,
        count('alerts', 'Alerts'),
        count('relationships_alerted', 'Relationships alerted about'),
        decimal('alerts_per_relationship', 'Alerts per relationship'),
        ...AT_RISK_REASONS.map((r) => count(`reason_${r.replaceAll('-', '_')}`, `Reason: ${reasonInWords(r)}`)),
        count('pauses', 'Pauses'),
        count('relationships_paused', 'Relationships paused'),
        decimal('mean_pause_days', 'Mean days paused'),
      ],
      rows: each((c) => [
        {
          alerts: c.care.alerts.sent,
          relationships_alerted: c.care.alerts.relationships,
          alerts_per_relationship: c.care.alerts.perRelationship,
          ...Object.fromEntries(AT_RISK_REASONS.map((r) => [`reason_${r.replaceAll('-', '_')}`, c.care.alerts.reasons[r]])),
          pauses: c.care.pauses.started,
          relationships_paused: c.care.pauses.relationships,
          mean_pause_days: c.care.pauses.meanDays,
        },
      ]),
    },
    {
      id: 'outcomes',
      title: 'How relationships came out',
      columns: [COHORT, text('outcome', 'Outcome'), count('relationships', 'Relationships')],
      rows: each((c) => [
        ...(Object.keys(OUTCOME_WORDS) as OutcomeName[])
          .filter((o) => c.care.outcomes[o] > 0)
          .map((o) => ({ outcome: OUTCOME_WORDS[o], relationships: c.care.outcomes[o] })),
        { outcome: 'of which paused at least once', relationships: c.care.paused },
        { outcome: 'of which extended', relationships: c.care.extended },
        { outcome: 'of which followed up', relationships: c.care.followedUp },
      ]),
    },
    {
      id: 'emails',
      title: 'E-mails per participant, by role',
      columns: [
        COHORT,
        text('role', 'Role'),
        count('people', 'People'),
        count('emails', 'E-mails'),
        decimal('mean', 'Per person'),
        count('max', 'Most to one person'),
      ],
      rows: each((c) =>
        c.mail.map((r) => ({ role: r.role === 'manager' ? 'line manager' : r.role, people: r.people, emails: r.emails, mean: r.mean, max: r.max })),
      ),
    },
    {
      id: 'delivery',
      title: 'Addresses that stopped taking mail (marked undeliverable)',
      columns: [
        COHORT,
        count('participants', 'Participants'),
        count('undeliverable', 'Undeliverable'),
        count('bounced', 'Bounced'),
        count('complained', 'Complained'),
        count('refused', 'Refused (earlier builds)'),
        share('share', 'Share'),
      ],
      rows: each((c) => [
        {
          participants: c.delivery.participants,
          undeliverable: c.delivery.undeliverable,
          bounced: c.delivery.because.bounce,
          complained: c.delivery.because.complaint,
          refused: c.delivery.because.refused,
          share: c.delivery.share,
        },
      ]),
    },
    {
      id: 'cost',
      title: `What the period cost, at ${report.cost.prices.region} list prices of ${report.cost.prices.asOf}`,
      columns: [text('service', 'Service'), text('usage', 'Measured'), { key: 'usd', label: 'Cost', format: 'usd' }],
      rows: [
        ...SERVICES.map((s) => ({ service: SERVICE_WORDS[s], usage: usageWords(report, s), usd: report.cost.byService[s] })),
        { service: 'Total', usage: '', usd: report.cost.total },
      ],
    },
    {
      id: 'cost-by-month',
      title: 'Cost by month',
      columns: [
        text('month', 'Month'),
        ...SERVICES.map((s) => ({ key: s, label: SERVICE_WORDS[s], format: 'usd' as const })),
        { key: 'total', label: 'Total', format: 'usd' },
      ],
      rows: report.cost.byMonth.map((m) => ({ ...m, total: SERVICES.reduce((sum, s) => sum + m[s], 0) })),
    },
    {
      id: 'hints',
      title: 'Calibration hints',
      columns: [text('rule', 'Rule'), text('hint', 'Hint')],
      rows: report.hints.map((h) => ({ rule: h.rule, hint: hintText(h) })),
    },
  ];
};

/** Numbers for a spreadsheet: shares and means to four places, dollars to six; an empty cell where there is no figure. */
const csvCell = (value: Cell, format: Format): string | number =>
  value === undefined
    ? ''
    : typeof value === 'string'
      ? value
      : format === 'usd'
        ? Number(value.toFixed(6))
        : format === 'count'
          ? value
          : Number(value.toFixed(4));

/** One CSV file per table, named by its id. */
export const reportCsvFiles = (report: ProgramReport): { name: string; text: string }[] =>
  reportTables(report).map((table) => {
    const keys = table.columns.map((c) => c.key);
    return {
      name: `${table.id}.csv`,
      text: csvOf(
        keys,
        table.rows.map((row) => Object.fromEntries(table.columns.map((c) => [c.key, csvCell(row[c.key], c.format)]))),
      ),
    };
  });
