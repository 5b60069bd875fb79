import { describe, expect, test } from 'vitest';
import { parse } from 'csv-parse/sync';
import { programReport } from '#domain/report/program-report';
import { reportPage } from '#presentation/reports/report-page';
import { reportCsvFiles } from '#presentation/reports/report-tables';
import { hintText, rhythmWords, stepWords } from '#presentation/reports/report-words';
import { facts } from '../support/report-facts.ts';

/** The report's page and CSV files over the hand-made facts of test/support/report-facts.ts. */
const report = programReport(facts());

describe('the program report as a page', () => {
  test('one page without script, its charts inline SVG each with a title and a description, every section with its tables', async () => {
    const html = await reportPage(report);
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).not.toMatch(/<script|<link |<img |src=|https?:\/\/(?!www\.w3\.org)/);
    expect(html.match(/<h1>/g)).toHaveLength(1);
    const svgs = [...html.matchAll(/<svg[^>]*>/g)].map(([tag]) => tag);
    expect(svgs.length).toBeGreaterThanOrEqual(6);
    for (const tag of svgs) expect(tag).toMatch(/role="img" aria-labelledby="chart-[a-z-]+-title chart-[a-z-]+-desc"/);
    // Ids are the page's own: no two alike.
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map(([, id]) => id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const heading of ['At a glance', 'Calibration hints', 'Meetings against the plan', 'Goal progress', 'Satisfaction', 'Cost'])
      expect(html).toContain(`>${heading}</h2>`);
    expect(html).toContain('<caption id="table-meetings-by-rhythm-caption">');
    // The labels status and the summary use.
    expect(html).toContain('<td>completed with few meetings held</td>');
    expect(html).toContain('<td>declined</td>');
    expect(html).toContain('at us-east-1 list prices of 2025-06-01');
  });

  test('figures only: no name, address or note, and nobody said to have asked to end', async () => {
    const html = await reportPage(report);
    const csv = reportCsvFiles(report)
      .map((f) => f.text)
      .join('\n');
    for (const text of [html, csv]) {
      expect(text).not.toMatch(/@|Thank you|p-sari|p-tomasz|endRequestedBy/);
      expect(text).not.toMatch(/\b(mentor|mentee|coordinator|manager) asked\b/);
    }
  });
});

describe('the program report as CSV, one file per figure table', () => {
  test('each table a file with its columns, every cohort in it, the whole program first', () => {
    const files = new Map(reportCsvFiles(report).map((f) => [f.name, parse<Record<string, string>>(f.text, { columns: true })]));
    expect([...files.keys()]).toEqual([
      'meetings-by-phase.csv',
      'meetings-by-rhythm.csv',
      'meetings-by-month.csv',
      'answers.csv',
      'check-in-times.csv',
      'goal-progress.csv',
      'goal-reviews.csv',
      'line-managers.csv',
      'meeting-ratings.csv',
      'look-back.csv',
      'follow-up.csv',
      'safety-net.csv',
      'outcomes.csv',
      'emails.csv',
      'delivery.csv',
      'cost.csv',
      'cost-by-month.csv',
      'hints.csv',
    ]);
    expect(files.get('meetings-by-rhythm.csv')!.map((r) => [r.cohort, r.rhythm, r.planned, r.held, r.held_share])).toEqual([
      ['all', 'weekly until week 8', '9', '5', '0.5556'],
      ['all', 'every 2 weeks from week 8 until month 4', '3', '1', '0.3333'],
      ['2027-01', 'weekly until week 8', '7', '5', '0.7143'],
      ['2027-01', 'every 2 weeks from week 8 until month 4', '3', '1', '0.3333'],
      ['2027-03', 'weekly until week 8', '2', '0', '0'],
    ]);
    expect(files.get('check-in-times.csv')![0]).toEqual({ cohort: 'all', answers: '10', median_hours: '5', p90_hours: '30' });
    expect(
      files
        .get('outcomes.csv')!
        .filter((r) => r.cohort === 'all')
        .map((r) => [r.outcome, r.relationships]),
    ).toEqual([
      ['completed with few meetings held', '1'],
      ['ended early', '1'],
      ['declined', '1'],
      ['active', '1'],
      ['of which paused at least once', '1'],
      ['of which extended', '0'],
      ['of which followed up', '1'],
    ]);
    expect(files.get('hints.csv')).toEqual([{ rule: 'bounces', hint: hintText(report.hints[0]!) }]);
  });

  test('rhythms and hints in words', () => {
    expect([{ weeks: 1 }, { weeks: 2 }, { months: 1 }, { days: 10 }].map(rhythmWords)).toEqual(['weekly', 'every 2 weeks', 'monthly', 'every 10 days']);
    expect(stepWords({ key: 'extension', every: { months: 1 } })).toBe('extensions: monthly');
    expect(
      hintText({
        rule: 'rhythm-not-held',
        step: 'step-2',
        every: { weeks: 2 },
        after: { weeks: 8 },
        missed: 14,
        planned: 50,
        share: 0.28,
        suggest: { months: 1 },
      }),
    ).toBe(
      '28 % of the meetings every 2 weeks (from week 8) were not held or went unanswered (14 of 50): consider meeting monthly after week 8 (meetings.cadence).',
    );
    expect(hintText(report.hints[0]!)).toBe(
      "10 % of participants' addresses stopped taking mail (1 of 10): check addresses before enrolling; SES reviews an account from a 5 % bounce rate.",
    );
  });
});
