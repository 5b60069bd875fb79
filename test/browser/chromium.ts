import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axe from 'axe-core';
import { chromium, type BrowserContext, type Page, type Response } from 'playwright-core';

/** Debian's Chromium: the tests drive the browser the machine has, and never download one. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Headless, and kept to the pages under test: without the background-networking flags Chromium
 * reaches out to services of its own as it starts. A fresh profile each time keeps one run
 * from seeing another's.
 */
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Chromium {
  context: BrowserContext;
  page: Page;
  /** Closes the browser and removes its profile. */
  close(): Promise<void>;
}

/** Headless Chromium with a fresh profile (the `--user-data-dir` of a persistent context), or one line that says how to get it. */
export const launchChromium = async (): Promise<Chromium> => {
  if (!existsSync(CHROMIUM)) {
    const missing = new Error(`Chromium is missing at ${CHROMIUM}: run \`apt-get install -y chromium\` (as root) and try again.`);
    // A stack would bury the one line that matters.
    missing.stack = missing.message;
    throw missing;
  }
  const profile = mkdtempSync(join(tmpdir(), 'mentoring-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 640, height: 900 },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    return {
      context,
      page,
      close: async () => {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
};

/** The rules axe-core checks: WCAG 2.0 to 2.2, levels A and AA, and its best practices. */
const RULES = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

export interface Violation {
  id: string;
  impact: string;
  targets: string[];
}

/**
 * axe-core's violations on the page as it is now. The script is evaluated through the
 * browser's debugging protocol, which the pages' content security policy does not govern:
 * the page is checked as it is served, policy and all.
 */
export const axeViolations = async (page: Page): Promise<Violation[]> => {
  await page.evaluate(axe.source);
  const options = { runOnly: { type: 'tag', values: RULES }, resultTypes: ['violations'] };
  const results = await page.evaluate<axe.AxeResults>(`axe.run(document, ${JSON.stringify(options)})`);
  return results.violations.map((v) => ({ id: v.id, impact: v.impact ?? '', targets: v.nodes.map((n) => n.target.join(' ')) }));
};

/** The last document the page navigated to, as the server sent it: status, headers and bytes. */
export const trackDocuments = (page: Page) => {
  let last: Response | undefined;
  page.on('response', (response) => {
    if (response.request().isNavigationRequest() && response.frame() === page.mainFrame()) last = response;
  });
  return async () => {
    if (!last) throw new Error('the page has not loaded a document yet');
    return { status: last.status(), headers: last.headers(), bytes: (await last.body()).byteLength };
  };
};
