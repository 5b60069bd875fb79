import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCohort, type CohortRecord } from '#local/run-cohort';
import { randomPolicy } from '#local/participants';
import { examplePairs, halfYearProgram, twinStore } from '../support/cohort.ts';
import { axeViolations, findChromium, HOW_TO_GET_CHROMIUM, launchChromium, type Chromium } from './chromium.ts';

/**
 * The program report in a real browser, as a coordinator opens the file `mentoring report --out`
 * wrote: a six-month program of five pairs, on the store's twin, its report made at
 * the end of the run. axe-core checks it (WCAG 2.2 A and AA); it asks for nothing over the
 * network and runs no script; each chart is an image named by its title and description.
 */
const program = halfYearProgram({ id: 'report-browser' });
/** Screenshots go where run records go: never committed. */
const OUT = join('runs', 'browser');
const folder = mkdtempSync(join(tmpdir(), 'mentoring-report-browser-'));
const file = join(folder, 'report.html');

let record: CohortRecord;
let browser: Chromium;
const requested: string[] = [];

/** Without a browser a contributor's `npm test` skips these and says so in one line; on CI a missing browser fails them. */
const onCi = ['true', '1'].includes(process.env.CI?.toLowerCase() ?? '');
const noBrowser = !onCi && findChromium() === undefined;
if (noBrowser) process.stdout.write(`Browser tests skipped: no Chromium or Chrome found (${HOW_TO_GET_CHROMIUM}).\n`);

beforeAll(async () => {
  if (noBrowser) return;
  record = await runCohort({
    program,
    rows: examplePairs(program, 5),
    seed: 5,
    policy: randomPolicy({ answer: 0.7, moved: 0.1, notHeld: 0.15, maxDelayDays: 2 }, 5),
    coordinator: { rates: { pause: 0.3, conclude: 0.1 }, seed: 5 },
    runtime: { ...twinStore() },
    report: true,
  });
  writeFileSync(file, record.report!.html);
  browser = await launchChromium();
  browser.page.on('request', (request) => requested.push(request.url()));
  await browser.page.setViewportSize({ width: 1000, height: 900 });
  await browser.page.goto(pathToFileURL(file).href);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  rmSync(folder, { recursive: true, force: true });
});

describe.skipIf(noBrowser)('the program report in Chromium', () => {
  test('axe-core finds no violation; one h1, the sections as landmarks and headings in order', async () => {
    const { page } = browser;
    expect(await axeViolations(page)).toEqual([]);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('h1').allTextContents()).toEqual(['Program report: Leadership Mentoring Pilot']);
    expect(await page.locator('main h2').allTextContents()).toEqual([
      'At a glance',
      'Calibration hints',
      'Meetings against the plan',
      'Check-ins and other answers',
      'Goal progress',
      'Satisfaction',
      'Safety net, pauses and outcomes',
      'E-mail',
      'Cost',
    ]);
    for (const landmark of ['banner', 'navigation', 'main', 'contentinfo'] as const) expect(await page.getByRole(landmark).count()).toBe(1);
    mkdirSync(OUT, { recursive: true });
    await page.screenshot({ path: join(OUT, 'program-report.png'), fullPage: true });
  });

  test('opens offline and runs nothing: the file is the only thing it asks for, and it has no script', async () => {
    const { page } = browser;
    expect(requested).toEqual([pathToFileURL(file).href]);
    expect(await page.locator('script').count()).toBe(0);
  });

  test('each chart is one image named by its title and description, and a table beside it holds its figures', async () => {
    const { page } = browser;
    const charts = page.getByRole('img');
    expect(await charts.count()).toBeGreaterThanOrEqual(6);
    expect(await page.getByRole('img', { name: 'Meetings by month: held, not held, unanswered' }).count()).toBe(1);
    const byMonth = await page.locator('#chart-meetings-by-month-desc').textContent();
    const total = record.pairs.reduce((n, p) => n + p.meetings.held, 0);
    expect(byMonth).toContain(`, ${total} were held (`);
    // The table beside it: its held meetings add up to the same.
    const held = await page.locator('#table-meetings-by-month tbody tr td:nth-child(3)').allTextContents();
    expect(held.reduce((n, cell) => n + Number(cell), 0)).toBe(total);
  });

  test('a wide table scrolls within its own region, reached and named by keyboard', async () => {
    const { page } = browser;
    const region = page.getByRole('region', { name: 'How held meetings went: ratings (1 to 5) and ways of meeting' });
    await region.focus();
    expect(await region.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
  });
});
