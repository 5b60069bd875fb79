import { ALL, type ProgramReport } from '#domain/report/program-report';
import { ENOUGH } from '#domain/report/hints';
import { escapeHtml } from '#presentation/letters/letters';
import { drawChart, reportCharts, type Chart } from './report-charts.ts';
import { cohortLabel, reportTables, SERVICE_WORDS, type Cell, type FigureTable, type Format } from './report-tables.ts';
import { amount, duration, hintText, percent, usd } from './report-words.ts';

/**
 * The program report as one HTML page that needs no script and opens offline: inline CSS and
 * SVG only, in English, with the answer pages' accessibility (one h1, landmarks, headings in
 * order, text at AA contrast, each chart an image with a title and description and its data in
 * a table beside it). Figures only: no name, address or free text is in it.
 */

const STYLE = `body{margin:0;background:#f4f6f8;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1d2733;line-height:1.45}
header,nav,main,footer{max-width:980px;margin:0 auto;padding:0 20px}
header{padding-top:24px}h1{font-size:1.6rem;margin:0 0 6px}h2{font-size:1.25rem;margin:0 0 10px}h3{font-size:1.02rem;margin:18px 0 6px}
.lead{margin:0 0 12px;color:#3d4957}
nav ul{list-style:none;padding:0;margin:8px 0 16px;display:flex;flex-wrap:wrap;gap:4px 14px}
a{color:#1f5f8b}a:focus-visible,.table:focus-visible{outline:3px solid #1f5f8b;outline-offset:2px}
section{background:#fff;border-radius:8px;padding:18px 22px;margin:0 0 16px}
.glance{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:10px;margin:0}
.glance div{border:1px solid #d5dbe1;border-radius:6px;padding:8px 10px}.glance dt{font-size:.85rem;color:#3d4957}.glance dd{margin:2px 0 0;font-size:1.3rem;font-weight:600}
.hints li{margin:0 0 8px}
figure{margin:12px 0}figure svg{display:block;max-width:100%;height:auto}figcaption{font-size:.9rem;color:#3d4957;margin-top:4px}
.table{overflow-x:auto;margin:8px 0 14px}
table{border-collapse:collapse;font-size:.88rem;min-width:50%}caption{text-align:left;font-weight:600;padding:4px 0}
th,td{border-bottom:1px solid #d5dbe1;padding:4px 8px;text-align:left;vertical-align:top}th{background:#eef2f6}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.note{font-size:.9rem;color:#3d4957}
footer{padding-bottom:24px;font-size:.9rem;color:#3d4957}`;

const format = (value: Cell, kind: Format): string => {
  if (value === undefined || value === '') return '';
  if (typeof value === 'string') return escapeHtml(value);
  switch (kind) {
    case 'share':
      return percent(value);
    case 'decimal':
      return amount(value, 2);
    case 'hours':
      return duration(value);
    case 'usd':
      return usd(value);
    default:
      return amount(value, 0);
  }
};

/** A figure table; with one cohort, only the program's rows (the cohort's are the same). */
const tableHtml = (table: FigureTable, oneCohort: boolean): string => {
  const columns = table.columns.filter((c) => !(oneCohort && c.key === 'cohort'));
  const rows = table.rows.filter((r) => !oneCohort || r.cohort === undefined || r.cohort === ALL);
  if (!rows.length) return `<p class="note">${escapeHtml(table.title)}: nothing in this period.</p>`;
  const cell = (row: Record<string, Cell>, c: (typeof columns)[number]) =>
    c.key === 'cohort'
      ? `<td>${escapeHtml(cohortLabel(String(row.cohort)))}</td>`
      : `<td${c.format === 'text' ? '' : ' class="n"'}>${format(row[c.key], c.format)}</td>`;
  return `<div class="table" role="region" tabindex="0" aria-labelledby="table-${table.id}-caption"><table id="table-${table.id}">
<caption id="table-${table.id}-caption">${escapeHtml(table.title)}</caption>
<thead><tr>${columns.map((c) => `<th scope="col">${escapeHtml(c.label)}</th>`).join('')}</tr></thead>
<tbody>${rows.map((row) => `<tr>${columns.map((c) => cell(row, c)).join('')}</tr>`).join('\n')}</tbody></table></div>`;
};

const figureHtml = (chart: Chart, svg: string): string =>
  `<figure aria-labelledby="${chart.id}-caption">${svg}<figcaption id="${chart.id}-caption">${escapeHtml(chart.title)}. The table below holds the same figures.</figcaption></figure>`;

const SECTIONS: { id: string; title: string; charts: string[]; tables: string[] }[] = [
  {
    id: 'meetings',
    title: 'Meetings against the plan',
    charts: ['chart-meetings-by-month', 'chart-meetings-by-rhythm'],
    tables: ['meetings-by-phase', 'meetings-by-rhythm', 'meetings-by-month'],
  },
  { id: 'answers', title: 'Check-ins and other answers', charts: ['chart-answers'], tables: ['answers', 'check-in-times'] },
  { id: 'goals', title: 'Goal progress', charts: ['chart-goal-progress'], tables: ['goal-progress', 'goal-reviews', 'line-managers'] },
  { id: 'satisfaction', title: 'Satisfaction', charts: ['chart-ratings'], tables: ['meeting-ratings', 'look-back', 'follow-up'] },
  { id: 'care', title: 'Safety net, pauses and outcomes', charts: ['chart-outcomes'], tables: ['safety-net', 'outcomes'] },
  { id: 'mail', title: 'E-mail', charts: [], tables: ['emails', 'delivery'] },
  { id: 'cost', title: 'Cost', charts: ['chart-cost-by-month'], tables: ['cost', 'cost-by-month'] },
];

const day = (iso: string) => iso.slice(0, 10);

/** The report as a page, its charts drawn now. */
export const reportPage = async (report: ProgramReport): Promise<string> => {
  const all = report.cohorts[0]!;
  const oneCohort = report.cohorts.length <= 2;
  const tables = new Map(reportTables(report).map((t) => [t.id, t]));
  const charts = reportCharts(report);
  const drawn = new Map(await Promise.all(charts.map(async (c) => [c.id, figureHtml(c, await drawChart(c))] as const)));
  const cohorts = report.cohorts.slice(1).map((c) => `${cohortLabel(c.cohort)} (${c.relationships})`);
  const { meetings, care } = all;
  const glance: [string, string][] = [
    ['Relationships', `${all.relationships}`],
    ['Mentees', `${all.mentees}`],
    ['Meetings held of planned', `${meetings.total.held} of ${meetings.total.planned}`],
    ['Check-ins answered', percent(meetings.checkIns.answeredShare) || '–'],
    ['Mean meeting rating', meetings.ratings.mean === undefined ? '–' : `${amount(meetings.ratings.mean, 1)} of 5`],
    ['Coordinator alerts', `${care.alerts.sent}`],
    ['Ended early', `${care.outcomes['ended-early']}`],
    [`Cost (${report.cost.prices.currency})`, usd(report.cost.total)],
  ];
  const hints = report.hints.length
    ? `<ul class="hints">${report.hints.map((h) => `<li>${escapeHtml(hintText(h))}</li>`).join('')}</ul>`
    : `<p>No hint: the figures give no rule cause to speak (a rule needs at least ${ENOUGH.meetings} meetings, ${ENOUGH.questions} questions or ${ENOUGH.relationships} relationships under way).</p>`;
  const sections = SECTIONS.map(
    (s) => `<section aria-labelledby="${s.id}"><h2 id="${s.id}">${escapeHtml(s.title)}</h2>
${s.charts.map((id) => drawn.get(id) ?? '').join('\n')}
${s.tables.map((id) => tableHtml(tables.get(id)!, oneCohort)).join('\n')}
${s.id === 'cost' ? costNote(report) : ''}</section>`,
  ).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>Program report: ${escapeHtml(report.programName)}</title>
<style>
${STYLE}
</style></head><body>
<header><h1>Program report: ${escapeHtml(report.programName)}</h1>
<p class="lead">Program ${escapeHtml(report.programId)}, ${day(report.period.from)} to ${day(report.period.until)}, made ${report.at.slice(0, 16).replace('T', ' ')} UTC. ${
    oneCohort
      ? `One cohort: ${escapeHtml(cohorts[0] ?? 'none')}.`
      : `Cohorts by the month their year starts: ${escapeHtml(cohorts.join(', '))}; each table gives all of them first.`
  }</p></header>
<nav aria-label="Sections"><ul><li><a href="#glance">At a glance</a></li><li><a href="#hints">Calibration hints</a></li>${SECTIONS.map((s) => `<li><a href="#${s.id}">${escapeHtml(s.title)}</a></li>`).join('')}</ul></nav>
<main>
<section aria-labelledby="glance"><h2 id="glance">At a glance</h2><dl class="glance">${glance.map(([k, v]) => `<div><dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd></div>`).join('')}</dl></section>
<section aria-labelledby="hints"><h2 id="hints">Calibration hints</h2>${hints}</section>
${sections}
</main>
<footer><p>Meetings count in the period they fell due in: held, not held (the pair said so) or unanswered (nobody said); a meeting ahead, or cancelled because its relationship ended, is not planned here. A question counts as answered when anyone it asked answered. Goal progress is the share of the way from a goal's baseline to its target at the latest rating. No name, address or free-text answer is in this report, nor who asked to end a relationship.</p></footer>
</body></html>
`;
};

const costNote = (report: ProgramReport): string => {
  const { cost } = report;
  const measured =
    cost.source === 'cloudwatch'
      ? "Measured by CloudWatch for this program's tables, functions, state machines (state transitions counted from their logs), answer pages and log groups; e-mails from the program's own log of what it sent."
      : "Measured by the local runtime as it ran the program: DynamoDB Local's consumed capacity, each function's invocations and their durations on this machine, state transitions, answer-page requests and the bytes each log would receive; e-mails from the program's own log.";
  return `<p class="note">${measured} Priced at AWS's public on-demand list prices for ${escapeHtml(cost.prices.region)} as of ${escapeHtml(cost.prices.asOf)} (${escapeHtml(cost.prices.currency)}), before any free tier; ${escapeHtml(SERVICE_WORDS.fixed).toLowerCase()} costs are for the days of the period.</p>`;
};
