import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadProgram } from '#adapters/program-file';
import { translator } from '#presentation/messages/index';
import { relationshipStart } from '#domain/program/schedule';
import { enrolCohort } from '#use-cases/enrolment/enrol';
import { readEnrolment, type PairRow } from '#use-cases/enrolment/read-enrolment';
import { startLocalRuntime } from '#local/runtime';
import { DEFAULT_RATES, randomPolicy, startParticipants } from '#local/participants';
import { DEFAULT_COORDINATOR_RATES } from '#local/coordinator';
import { runCohort } from '#local/run-cohort';
import type { StoredEmail } from '#local/services/inbox';
import { launchChromium } from './chromium.ts';

/**
 * The README's pictures, made the way a participant sees them: the example program runs on
 * the local runtime until the second check-in (the first after the pair agreed how to meet),
 * then headless Chromium shows the check-in e-mail and the page its "We met" button opens.
 * Sari reads English, Tomasz Polish. Then the example cohort's whole year as `npm start` runs
 * it, and the top of its program report. `npm run screenshots` writes them to docs/images.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const OUT = join('docs', 'images');
const program = await loadProgram('examples/program.yaml');
const [sari, tomasz] = (await readEnrolment('examples/enrolment.csv', program)).slice(0, 2) as [PairRow, PairRow];
const inEnglish = (person: PairRow['mentee']) => ({ ...person, locale: 'en' });
// Both pairs share a line manager and a coordinator, who read English here as everyone but Tomasz and his mentor.
const cohort: PairRow[] = [
  { ...sari, mentee: inEnglish(sari.mentee), mentor: inEnglish(sari.mentor), manager: inEnglish(sari.manager), coordinator: inEnglish(sari.coordinator) },
  { ...tomasz, manager: inEnglish(tomasz.manager), coordinator: inEnglish(tomasz.coordinator) },
];
const pictures = [
  { reader: sari.mentee.email, suffix: '', locale: 'en' },
  { reader: tomasz.mentee.email, suffix: '-pl', locale: tomasz.mentee.locale },
];

const browser = await launchChromium().catch((error: Error) => {
  // Node's report of an uncaught error would wrap the one line that says what to do.
  console.error(error.message);
  process.exit(1);
});
const runtime = await startLocalRuntime({ programOrigin: relationshipStart({ program, startDate: sari.startDate, timeZone: sari.timeZone }) });
// Everyone answers everything but the second check-in, which stays open for the pictures.
const participants = startParticipants({ runtime, policy: (mail) => (mail.kind === 'check-in' && mail.questionNo === 2 ? undefined : { afterDays: 0.1 }) });
try {
  await enrolCohort(program, cohort);
  /** The reader's e-mail of their second check-in: the second link with a "We met" button (a reminder repeats its link). */
  const secondCheckIn = (reader: string): StoredEmail | undefined => {
    const linkOf = (mail: StoredEmail) => /\/r\/([A-Za-z0-9_-]+)\?answer=held/.exec(mail.body.html ?? '')?.[1];
    const mails = runtime.inbox.mail().filter((mail) => mail.destination.to.some((to) => to.toLowerCase().includes(reader)) && linkOf(mail));
    return mails.filter((mail, i) => mails.findIndex((m) => linkOf(m) === linkOf(mail)) === i)[1];
  };
  await runtime.run({ done: () => pictures.every(({ reader }) => secondCheckIn(reader)) });

  mkdirSync(OUT, { recursive: true });
  const { page } = browser;
  // A short window: each picture is as tall as what it shows, and no taller.
  await page.setViewportSize({ width: 640, height: 200 });
  for (const { reader, suffix, locale } of pictures) {
    const mail = secondCheckIn(reader)!;
    await page.setContent(mail.body.html!);
    await page.screenshot({ path: join(OUT, `check-in-email${suffix}.png`), fullPage: true });
    await Promise.all([page.waitForURL(/\/r\//), page.getByRole('link', { name: translator(locale)('checkIn.held'), exact: true }).click()]);
    await page.screenshot({ path: join(OUT, `answer-page${suffix}.png`), fullPage: true });
    console.log(`${OUT}/check-in-email${suffix}.png and ${OUT}/answer-page${suffix}.png (${locale})`);
  }
} finally {
  await participants.stop();
  await runtime.stop();
  await browser.close();
}

// The program report of the example year, as `npm start` leaves it in its run record.
const year = await runCohort({
  program,
  rows: await readEnrolment('examples/enrolment.csv', program),
  seed: 96,
  policy: randomPolicy(DEFAULT_RATES, 96),
  coordinator: { rates: DEFAULT_COORDINATOR_RATES, seed: 96 },
  report: true,
});
const folder = mkdtempSync(join(tmpdir(), 'mentoring-report-'));
const reader = await launchChromium();
try {
  writeFileSync(join(folder, 'report.html'), year.report!.html);
  // Its top: the period, the figures at a glance, the hints, and meetings against the plan.
  await reader.page.setViewportSize({ width: 1000, height: 1180 });
  await reader.page.goto(pathToFileURL(join(folder, 'report.html')).href);
  await reader.page.screenshot({ path: join(OUT, 'program-report.png') });
  console.log(`${OUT}/program-report.png (the example year's program report)`);
} finally {
  await reader.close();
  rmSync(folder, { recursive: true, force: true });
}
