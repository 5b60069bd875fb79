import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { AxeResults } from 'axe-core';
import { chromium, type BrowserContext, type Page, type Response } from 'playwright-core';

/** The names Chromium and Chrome go by on Linux (Debian's, Ubuntu's, Google's packages), found on the PATH. */
const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
/** Where they are when the PATH does not say: /usr/bin, and the macOS applications. */
const PLACES = [
  ...NAMES.map((name) => `/usr/bin/${name}`),
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

const executable = (path: string) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * The system's Chromium or Chrome: `CHROME_PATH` when set (taken as given, so a wrong one fails
 * rather than skips), else the first one on the PATH or in the usual places. Never a download.
 */
export const findChromium = (env: NodeJS.ProcessEnv = process.env): string | undefined => {
  if (env.CHROME_PATH) return env.CHROME_PATH;
  const onPath = NAMES.flatMap((name) =>
    (env.PATH ?? '')
      .split(delimiter)
      .filter(Boolean)
      .map((dir) => join(dir, name)),
  );
  return [...onPath, ...PLACES].find(executable);
};

/** What to do when no browser is found, in one line. */
export const HOW_TO_GET_CHROMIUM = 'set CHROME_PATH, or as root `apt-get install -y chromium`';

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
  const executablePath = findChromium();
  if (!executablePath || !executable(executablePath)) {
    const missing = new Error(
      executablePath
        ? `CHROME_PATH is ${executablePath}, which is not a browser this machine can run: point it at Chromium or Chrome.`
        : `No Chromium or Chrome found: ${HOW_TO_GET_CHROMIUM}, and try again.`,
    );
    // A stack would bury the one line that matters.
    missing.stack = missing.message;
    throw missing;
  }
  const profile = mkdtempSync(join(tmpdir(), 'mentoring-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath,
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

/** axe-core as it ships minified: what the page parses at every check. */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

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
  await page.evaluate(AXE_SOURCE);
  const options = { runOnly: { type: 'tag', values: RULES }, resultTypes: ['violations'] };
  const results = await page.evaluate<AxeResults>(`axe.run(document, ${JSON.stringify(options)})`);
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
