import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { OUTCOME_WORDS, type OutcomeName } from '#domain/desk/outcome';
import { SERVICES } from '#domain/report/cost';
import type { ProgramReport } from '#domain/report/program-report';
import { escapeHtml } from '#presentation/letters/letters';
import { SERVICE_WORDS } from './report-tables.ts';
import { kindWords, percent, stepWords, usd } from './report-words.ts';

/**
 * The program report's charts, drawn when the report is made: Vega-Lite specs compiled and
 * rendered to SVG in Node (no canvas, no browser), then made one picture each for a screen
 * reader (role img with a title and a description). The page carries each chart's data as a
 * table beside it, so nothing is only in a picture. Only the CLI draws them: no function does.
 */

export interface Chart {
  id: string;
  title: string;
  /** What the chart shows, in a sentence or two: its text alternative with the table beside it. */
  description: string;
  spec: TopLevelSpec;
}

const STATUS_COLOURS = { domain: ['held', 'not held', 'unanswered'], range: ['#1f5f8b', '#c0562b', '#7a8694'] };
const VIEW_COLOURS = { domain: ['mentee', 'mentor'], range: ['#1f5f8b', '#c0562b'] };
const SERVICE_COLOURS = ['#1f5f8b', '#c0562b', '#3f7f32', '#7b4fa3', '#8a6d1a', '#23797a', '#5b6776'];

/** Text dark enough on white; no ARIA per mark: the whole chart is one image with its description. */
const CONFIG = {
  aria: false,
  font: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif',
  axis: { labelColor: '#1d2733', titleColor: '#1d2733', labelFontSize: 11, titleFontSize: 12 },
  legend: { labelColor: '#1d2733', titleColor: '#1d2733', labelFontSize: 11, titleFontSize: 12 },
  view: { stroke: null },
} as const;

const WIDTH = 560;

const byStatus = (rows: { label: string; held: number; notHeld: number; unanswered: number }[]) =>
  rows.flatMap((r) => [
    { label: r.label, status: 'held', meetings: r.held },
    { label: r.label, status: 'not held', meetings: r.notHeld },
    { label: r.label, status: 'unanswered', meetings: r.unanswered },
  ]);

export const reportCharts = (report: ProgramReport): Chart[] => {
  const all = report.cohorts[0]!;
  const { meetings } = all;
  const charts: Chart[] = [];
  if (meetings.byMonth.length)
    charts.push({
      id: 'chart-meetings-by-month',
      title: 'Meetings by month: held, not held, unanswered',
      description: `Stacked bars, one per month from ${meetings.byMonth[0]!.key} to ${meetings.byMonth.at(-1)!.key}: of ${meetings.total.planned} meetings planned, ${meetings.total.held} were held (${percent(meetings.total.heldShare)}), ${meetings.total.notHeld} not held and ${meetings.total.unanswered} unanswered.`,
      spec: {
        width: WIDTH,
        height: 200,
        data: { values: byStatus(meetings.byMonth.map((r) => ({ ...r, label: r.key }))) },
        mark: 'bar',
        encoding: {
          x: { field: 'label', type: 'ordinal', title: 'Month', axis: { labelAngle: -45 } },
          y: { field: 'meetings', type: 'quantitative', title: 'Meetings', stack: 'zero' },
          color: { field: 'status', type: 'nominal', title: null, scale: STATUS_COLOURS },
          order: { field: 'status', sort: 'ascending' },
        },
      },
    });
  if (meetings.byRhythm.length)
    charts.push({
      id: 'chart-meetings-by-rhythm',
      title: "Meetings by step of the program's cadence",
      description: `Stacked horizontal bars, one per step of the cadence: ${meetings.byRhythm.map((r) => `${stepWords(r)}, ${r.held} of ${r.planned} held (${percent(r.heldShare)})`).join('; ')}.`,
      spec: {
        width: WIDTH - 200,
        height: { step: 28 },
        data: { values: byStatus(meetings.byRhythm.map((r) => ({ ...r, label: stepWords(r) }))) },
        mark: 'bar',
        encoding: {
          y: { field: 'label', type: 'nominal', title: null, sort: null, axis: { labelLimit: 420 } },
          x: { field: 'meetings', type: 'quantitative', title: 'Meetings', stack: 'zero' },
          color: { field: 'status', type: 'nominal', title: null, scale: STATUS_COLOURS },
          order: { field: 'status', sort: 'ascending' },
        },
      },
    });
  const asked = all.questions.filter((q) => q.asked > 0);
  if (asked.length)
    charts.push({
      id: 'chart-answers',
      title: 'Questions answered, by kind',
      description: `Horizontal bars of the share answered: ${asked.map((q) => `${kindWords(q.kind)} ${percent(q.answeredShare)} (${q.answered} of ${q.asked})`).join('; ')}.`,
      spec: {
        width: WIDTH - 120,
        height: { step: 26 },
        data: { values: asked.map((q) => ({ kind: kindWords(q.kind), share: q.answeredShare ?? 0 })) },
        mark: { type: 'bar', color: '#1f5f8b' },
        encoding: {
          y: { field: 'kind', type: 'nominal', title: null, sort: null },
          x: { field: 'share', type: 'quantitative', title: 'Answered', scale: { domain: [0, 1] }, axis: { format: '.0%' } },
        },
      },
    });
  const rated = all.goals.rows.filter((r) => r.progress !== undefined);
  const name = (id: string) => report.competencies.find((c) => c.id === id)?.name ?? id;
  if (rated.length)
    charts.push({
      id: 'chart-goal-progress',
      title: 'Goal progress toward target, by competency and view',
      description: `Grouped horizontal bars of the mean share of the way from baseline (0 %) to target (100 %), as mentees and mentors rated it last: ${rated.map((r) => `${name(r.competency)}, ${r.view} ${percent(r.progress)}`).join('; ')}.`,
      spec: {
        width: WIDTH - 180,
        height: { step: 14 },
        data: { values: rated.map((r) => ({ competency: name(r.competency), view: r.view, progress: r.progress })) },
        mark: 'bar',
        encoding: {
          y: { field: 'competency', type: 'nominal', title: null, sort: null, axis: { labelLimit: 360 } },
          yOffset: { field: 'view' },
          x: { field: 'progress', type: 'quantitative', title: 'Of the way from baseline to target', axis: { format: '.0%' }, scale: { domainMin: 0 } },
          color: { field: 'view', type: 'nominal', title: 'Rated by', scale: VIEW_COLOURS },
        },
      },
    });
  if (meetings.ratings.count)
    charts.push({
      id: 'chart-ratings',
      title: 'How useful held meetings were, rated 1 to 5',
      description: `Bars of how many held meetings got each rating: ${Object.entries(meetings.ratings.byRating)
        .map(([r, n]) => `${r}: ${n}`)
        .join(', ')}; ${meetings.ratings.count} ratings, ${meetings.ratings.mean!.toFixed(1)} on average.`,
      spec: {
        width: 300,
        height: 160,
        data: { values: Object.entries(meetings.ratings.byRating).map(([rating, n]) => ({ rating, meetings: n })) },
        mark: { type: 'bar', color: '#1f5f8b' },
        encoding: {
          x: { field: 'rating', type: 'ordinal', title: 'Rating', axis: { labelAngle: 0 } },
          y: { field: 'meetings', type: 'quantitative', title: 'Meetings', axis: { tickMinStep: 1 } },
        },
      },
    });
  const outcomes = (Object.keys(OUTCOME_WORDS) as OutcomeName[]).filter((o) => all.care.outcomes[o] > 0);
  if (outcomes.length)
    charts.push({
      id: 'chart-outcomes',
      title: 'How relationships came out',
      description: `Horizontal bars: ${outcomes.map((o) => `${OUTCOME_WORDS[o]} ${all.care.outcomes[o]}`).join(', ')}.`,
      spec: {
        width: WIDTH - 200,
        height: { step: 26 },
        data: { values: outcomes.map((o) => ({ outcome: OUTCOME_WORDS[o], relationships: all.care.outcomes[o] })) },
        mark: { type: 'bar', color: '#1f5f8b' },
        encoding: {
          y: { field: 'outcome', type: 'nominal', title: null, sort: null, axis: { labelLimit: 360 } },
          x: { field: 'relationships', type: 'quantitative', title: 'Relationships', axis: { tickMinStep: 1 } },
        },
      },
    });
  const { cost } = report;
  if (cost.byMonth.length)
    charts.push({
      id: 'chart-cost-by-month',
      title: 'Cost by month and service',
      description: `Stacked bars, one per month from ${cost.byMonth[0]!.month} to ${cost.byMonth.at(-1)!.month}, of what each service cost at list prices: ${SERVICES.map((s) => `${SERVICE_WORDS[s]} ${usd(cost.byService[s])}`).join(', ')}; ${usd(cost.total)} in all.`,
      spec: {
        width: WIDTH,
        height: 200,
        data: { values: cost.byMonth.flatMap((m) => SERVICES.map((s) => ({ month: m.month, service: SERVICE_WORDS[s], usd: m[s] }))) },
        mark: 'bar',
        encoding: {
          x: { field: 'month', type: 'ordinal', title: 'Month', axis: { labelAngle: -45 } },
          y: { field: 'usd', type: 'quantitative', title: `Cost (${cost.prices.currency})`, stack: 'zero' },
          color: { field: 'service', type: 'nominal', title: null, scale: { domain: SERVICES.map((s) => SERVICE_WORDS[s]), range: SERVICE_COLOURS } },
        },
      },
    });
  return charts;
};

/**
 * The chart as inline SVG: one image with its title and description, ids made its own so two
 * charts on a page never share one, and no ARIA roles inside it (an image's content is not read).
 */
export const drawChart = async (chart: Chart): Promise<string> => {
  const view = new View(parse(compile({ ...chart.spec, config: CONFIG }).spec), { renderer: 'none' });
  try {
    const svg = (await view.toSVG())
      .replace(/ (role|aria-roledescription|aria-label)="[^"]*"/g, '')
      .replace(/ id="([^"]+)"/g, ` id="${chart.id}-$1"`)
      .replace(/url\(#([^)]+)\)/g, `url(#${chart.id}-$1)`);
    return svg.replace(
      /^<svg([^>]*)>/,
      `<svg$1 role="img" aria-labelledby="${chart.id}-title ${chart.id}-desc" focusable="false"><title id="${chart.id}-title">${escapeHtml(chart.title)}</title><desc id="${chart.id}-desc">${escapeHtml(chart.description)}</desc>`,
    );
  } finally {
    view.finalize();
  }
};
