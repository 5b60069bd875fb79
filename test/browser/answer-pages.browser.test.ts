import { QUESTION_KIND_NAMES } from '#domain/model';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { relationshipStart, addDays } from '#domain/program/schedule';
import { LOCALES } from '#domain/program/locales';
import { translator } from '#presentation/messages/index';
import { enrolCohort } from '#use-cases/enrolment/enrol';
import { pauseRelationship } from '#use-cases/pauses/pauses';
import { getLink, getQuestion, listMeetings } from '#adapters/store';
import { startLocalRuntime, type LocalRuntime } from '#local/runtime';
import { useStore } from '#adapters/store';
import { startParticipants, type Policy } from '#local/participants';
import { addressOf, questionLinksOf, type StoredEmail } from '#local/services/inbox';
import type { PairRow } from '#use-cases/enrolment/read-enrolment';
import { examplePairs, halfYearProgram } from '../support/cohort.ts';
import { axeViolations, findChromium, HOW_TO_GET_CHROMIUM, launchChromium, trackDocuments, type Chromium, type Violation } from './chromium.ts';

/**
 * The answer pages in a real browser: the system's Chromium or Chrome, headless. One pair lives through a
 * six-month program on the local runtime; the test reads each e-mail as it arrives and opens
 * its links in the browser, as a person does. It answers a check-in in two clicks (the
 * e-mail's button, then the page's), and the goal agreement (the mentee types goals, the
 * mentor confirms them from the e-mail); simulated people answer the rest. Every kind of page
 * is checked with axe-core as the browser shows it: each question's form, the thank-you page,
 * a form sent back with a problem, and the pages for an unknown link, a closed question, an
 * answer too long and a failure on our side.
 */
const program = halfYearProgram({ id: 'answer-pages-browser', extension: { months: 2, every: { months: 1 }, maxTimes: 1 } });
const [inTheirLanguages, tomaszAndAnneke] = examplePairs(program, 2, { ownLanguages: true }) as [PairRow, PairRow];
/** The pair that reads English: Tomasz and Anneke, with the same line manager and coordinator as the other. */
const inEnglish: PairRow = {
  ...tomaszAndAnneke,
  mentee: { ...tomaszAndAnneke.mentee, locale: 'en' },
  mentor: { ...tomaszAndAnneke.mentor, locale: 'en' },
};
const TOMASZ = inEnglish.mentee.email;
const ANNEKE = inEnglish.mentor.email;
const SARI = inTheirLanguages.mentee.email;
const MARCO = inTheirLanguages.mentor.email;
const indonesian = translator('id');
const italian = translator('it');
/** Screenshots go where run records go: never committed. */
const OUT = join('runs', 'browser');

/** Simulated people answer soon; what the test does in the browser, or lets close unanswered, they leave alone. */
const policy: Policy = (mail) => {
  if ([TOMASZ, SARI].includes(mail.to) && mail.kind === 'goals') return undefined;
  if ([ANNEKE, MARCO].includes(mail.to) && mail.kind === 'goal-confirmation') return undefined;
  // The second check-in is answered in the browser; the third is left to close unanswered.
  if (mail.kind === 'check-in' && (mail.questionNo === 2 || mail.questionNo === 3)) return undefined;
  // The coordinator lets the pause run its course, and declines the extension, so a follow-up comes.
  if (mail.kind === 'pause') return undefined;
  if (mail.kind === 'extension') return { afterDays: 0.1, answer: 'decline' };
  if (mail.kind === 'look-back') return { afterDays: 0.1, fields: { extend: 'yes' } };
  return { afterDays: 0.1 };
};

let runtime: LocalRuntime;
let participants: ReturnType<typeof startParticipants>;
let browser: Chromium;
let page: Page;
let lastDocument: ReturnType<typeof trackDocuments>;
let relationshipId: string;
let theirRelationshipId: string;

/** Each kind of page checked, once per language: what axe-core found and how many bytes the server sent. */
const checked = new Map<string, { page: string; status: number; violations: Violation[]; bytes: number; lang: string; contentLanguage: string }>();

const QUESTION_LINK = /(https?:\/\/[^\s?]+\/r\/[A-Za-z0-9_-]+)/;
const questionLinkOf = (mail: StoredEmail) => questionLinksOf(mail)[0];
const endLinkOf = (mail: StoredEmail) => QUESTION_LINK.exec((mail.body.text ?? '').split('\n\n--\n')[1] ?? '')?.[1];

/** Checks the page the browser shows now, once per kind of page and language. */
const check = async (kind: string) => {
  const lang = (await page.getAttribute('html', 'lang')) ?? '';
  if (checked.has(`${kind} (${lang})`)) return;
  const served = await lastDocument();
  checked.set(`${kind} (${lang})`, {
    page: kind,
    status: served.status,
    violations: await axeViolations(page),
    bytes: served.bytes,
    lang,
    contentLanguage: served.headers['content-language'] ?? '',
  });
};

const heading = () => page.textContent('h1');
/** The kinds of page checked so far, in any language. */
const checkedPages = () => new Set([...checked.values()].map((c) => c.page));

/** Opens a link as a person does, clicking it in the e-mail's HTML as the browser renders it. */
const clickInMail = async (mail: StoredEmail, label: string) => {
  await page.setContent(mail.body.html!);
  await Promise.all([page.waitForURL(/\/r\//), page.getByRole('link', { name: label, exact: true }).click()]);
};

/** Presses the page's one button, whatever its language, and waits for the page it leads to. */
const send = async () => {
  const loaded = page.waitForEvent('load');
  await page.locator('button[type=submit]').click();
  await loaded;
};

/** What the e-mails asked, by link, in the order they came; each link's kind as its page says. */
const questions = new Map<string, { kind?: string; mail: StoredEmail }>();
let read = 0;

/** Lets program time run until new e-mail arrives (or the year is over), then opens each new question link in the browser. */
const nextMail = async (): Promise<StoredEmail[]> => {
  await runtime.run({ done: () => runtime.inbox.accepted > read || runtime.stepFunctions.running === 0 });
  const mails = runtime.inbox.mail(read);
  read += mails.length;
  for (const mail of mails)
    for (const url of questionLinksOf(mail)) {
      if (questions.has(url)) continue;
      // The page as served names its kind and language; the browser opens each kind once per language, which is all `check` looks at.
      const html = await (await fetch(url)).text();
      const kind = /^<form\b[^>]*\sdata-question="([^"]+)"/m.exec(html)?.[1];
      const lang = /<html lang="([^"]*)"/.exec(html)?.[1] ?? '';
      questions.set(url, { kind, mail });
      if (kind && !checked.has(`${kind} (${lang})`)) {
        await page.goto(url);
        await check(kind);
      }
    }
  return mails;
};

const mailOf = (kind: string, to: string, n = 1) =>
  [...questions.values()].filter((q) => q.kind === kind && addressOf(q.mail.destination.to[0] ?? '') === to).map((q) => q.mail)[n - 1];

/** Program time runs, e-mail by e-mail, until `find` finds what the test waits for. */
const waitFor = async <T>(what: string, find: () => T | undefined): Promise<T> => {
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (runtime.stepFunctions.running === 0) throw new Error(`the year ended without ${what}`);
    await nextMail();
  }
};

beforeAll(async () => {
  browser = await launchChromium();
  page = browser.page;
  lastDocument = trackDocuments(page);
  mkdirSync(OUT, { recursive: true });
  runtime = await startLocalRuntime({
    programOrigin: relationshipStart({ program, startDate: inEnglish.startDate, timeZone: inEnglish.timeZone }),
    store: 'memory',
  });
  participants = startParticipants({ runtime, policy });
  [relationshipId, theirRelationshipId] = (await enrolCohort(program, [inEnglish, inTheirLanguages])).enrolled as [string, string];
}, 60_000);

afterAll(async () => {
  await participants?.stop();
  await runtime?.stop();
  await browser?.close();
});

/** Without a browser a contributor's `npm test` skips these and says so in one line; on CI a missing browser fails them. */
const onCi = ['true', '1'].includes(process.env.CI?.toLowerCase() ?? '');
const noBrowser = !onCi && findChromium() === undefined;
if (noBrowser) process.stdout.write(`Browser tests skipped: no Chromium or Chrome found (${HOW_TO_GET_CHROMIUM}).\n`);

describe.skipIf(noBrowser)('the answer pages in Chromium', () => {
  test('an answer far too long is refused unread, and the match is then answered as usual', async () => {
    const match = await waitFor('the match e-mail', () => mailOf('match', TOMASZ));
    await clickInMail(match, 'Accept the match');
    expect(await page.isChecked('input[name=answer][value=accept]')).toBe(true);
    // What a page never sends: a note past every limit, set around the field's own maxlength.
    await page.locator('textarea[name=note]').evaluate((note, text) => ((note as unknown as { value: string }).value = text), 'We talked. '.repeat(7_000));
    await send();
    expect((await lastDocument()).status).toBe(413);
    expect(await heading()).toBe('Answer too long');
    await check('answer too long (413)');
  });

  test('the mentee types her goals; a form sent back says what is missing, the thank-you page what comes next', async () => {
    const goals = await waitFor('the goals e-mail', () => mailOf('goals', TOMASZ));
    await clickInMail(goals, 'Propose my goals');
    await send();
    expect((await lastDocument()).status).toBe(400);
    expect(await page.textContent('[role=alert]')).toBe('That answer could not be recorded: propose at least one goal');
    expect(await page.title()).toBe('Not recorded yet: Your mentoring goals');
    await check('form sent back (400)');

    await page.getByLabel('Competency').first().selectOption({ index: 1 });
    await page.getByLabel('In a sentence').first().fill('Hand over the weekly report to the team');
    await page.getByLabel('Where I am today').first().selectOption('2');
    await page.getByLabel('Where I aim to be').first().selectOption('4');
    await send();
    expect(await heading()).toBe('Your answer is recorded');
    expect(await page.textContent('main')).toContain('Your goal is on its way to your mentor, who will confirm it or suggest changes.');
    await check('thank-you');

    // Sari does the same on her page in Indonesian.
    await clickInMail(await waitFor('Sari’s goals e-mail', () => mailOf('goals', SARI)), indonesian('goals.action'));
    expect(await page.getAttribute('html', 'lang')).toBe('id');
    expect(await page.textContent('button[type=submit]')).toBe('Kirim jawaban');
    await page.locator('select[name=competency1]').selectOption({ index: 1 });
    await page.locator('input[name=description1]').fill('Memimpin rapat perencanaan triwulanan dengan percaya diri');
    await page.locator('select[name=baseline1]').selectOption('1');
    await page.locator('select[name=target1]').selectOption('3');
    await send();
    expect(await heading()).toBe(indonesian('answerPage.thanksTitle'));
    await check('thank-you');
  });

  test('the mentor confirms the goals in two clicks: the button in the e-mail, then the page’s', async () => {
    const confirmation = await waitFor('the goal confirmation e-mail', () => mailOf('goal-confirmation', ANNEKE));
    await clickInMail(confirmation, 'Confirm the goals');
    expect(await page.textContent('main')).toContain('Hand over the weekly report to the team');
    expect(await page.isChecked('input[name=answer][value=confirm]')).toBe(true);
    await send();
    expect(await heading()).toBe('Your answer is recorded');
    expect(await page.textContent('main')).toContain('The goals are confirmed');

    // Marco confirms Sari's goals from his e-mail in Italian.
    await clickInMail(await waitFor('Marco’s goal confirmation e-mail', () => mailOf('goal-confirmation', MARCO)), italian('goalConfirmation.confirm'));
    expect(await page.getAttribute('html', 'lang')).toBe('it');
    expect(await page.textContent('main')).toContain('Memimpin rapat perencanaan triwulanan dengan percaya diri');
    expect(await page.isChecked('input[name=answer][value=confirm]')).toBe(true);
    await send();
    expect(await heading()).toBe(italian('answerPage.thanksTitle'));
    expect(await page.textContent('main')).toContain(italian('goalConfirmation.thanksConfirm'));
    await check('thank-you');
  });

  test('a check-in in two clicks: "We met" in the e-mail, then "Send answer"; it starts at how they agreed to meet and no rating', async () => {
    const checkIn = await waitFor('the second check-in', () => mailOf('check-in', TOMASZ, 2));
    await page.setContent(checkIn.body.html!);
    await page.screenshot({ path: join(OUT, 'check-in-email.png'), fullPage: true });
    await clickInMail(checkIn, 'We met');
    expect(await page.title()).toBe('How did your mentoring meeting go?');
    expect(await page.isChecked('input[name=answer][value=held]')).toBe(true);
    expect(await page.isChecked('input[name=mode][value=face-to-face]')).toBe(true);
    expect(await page.isChecked('input[name=rating][value=""]')).toBe(true);
    expect(await page.isVisible('input[name=movedTo]')).toBe(false);
    expect(await page.textContent('main')).toContain('“Send answer” records your answer for both of you');
    await page.screenshot({ path: join(OUT, 'answer-page.png'), fullPage: true });

    // By keyboard: each control in reading order, each with a visible ring; the hidden date is skipped.
    const focused: string[] = [];
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Tab');
      // Evaluated in the page: the tag, name and value of what has focus, and the width of its ring.
      focused.push(
        await page.evaluate<string>(
          '(({ tagName, name, value }, ring) => `${tagName.toLowerCase()} ${name}=${value} (${ring})`)(document.activeElement, getComputedStyle(document.activeElement).outlineWidth)',
        ),
      );
    }
    expect(focused).toEqual(['input answer=held (3px)', 'input mode=face-to-face (3px)', 'input rating= (3px)', 'textarea note= (3px)', 'button = (3px)']);

    const url = page.url().split('?')[0]!;
    await send();
    expect(await heading()).toBe('Your answer is recorded');
    expect(await page.textContent('main')).toContain('You will both get a reminder before your next meeting');
    // Opened again, the link says it was answered.
    await page.goto(url);
    expect(await heading()).toBe('Already answered');
    await check('already answered');

    // Sari answers hers in Indonesian, the same two clicks.
    await clickInMail(await waitFor('Sari’s second check-in', () => mailOf('check-in', SARI, 2)), indonesian('checkIn.held'));
    expect(await page.title()).toBe(indonesian('answerPage.title'));
    expect(await page.isChecked('input[name=answer][value=held]')).toBe(true);
    expect(await page.isChecked('input[name=mode][value=face-to-face]')).toBe(true);
    await send();
    expect(await heading()).toBe(indonesian('answerPage.thanksTitle'));
    expect(await page.textContent('main')).toContain(indonesian('answerPage.thanksNext'));

    await runtime.settle();
    for (const id of [relationshipId, theirRelationshipId]) {
      const held = (await listMeetings(id)).filter((m) => m.status === 'held');
      expect(held.at(-1)).toMatchObject({ status: 'held', mode: 'face-to-face' });
      expect(held.at(-1)).not.toHaveProperty('rating');
    }
  });

  test('the link to end the relationship, in every e-mail’s foot, opens its page and records nothing', async () => {
    // One read in English: two pairs' e-mails of the same instant may reach the inbox in either order.
    const endLink = runtime.inbox
      .mail()
      .filter((mail) => /<html lang="en"/.test(mail.body.html ?? ''))
      .map(endLinkOf)
      .find(Boolean)!;
    await page.goto(endLink);
    expect(await heading()).toBe('End your mentoring relationship');
    await check('end-relationship');
  });

  test('a paused relationship: the coordinator’s page to resume it early', async () => {
    await pauseRelationship(relationshipId, addDays(runtime.clock.now(), 14));
    await waitFor('the pause e-mail', () => [...questions.values()].find((q) => q.kind === 'pause'));
    expect(checkedPages().has('pause')).toBe(true);
  });

  test('a check-in nobody answered is closed once its time is up', async () => {
    const unanswered = await waitFor('the third check-in', () => mailOf('check-in', TOMASZ, 3));
    const url = questionLinkOf(unanswered)!;
    const { closesAt } = (await getQuestion((await getLink(url.split('/r/')[1]!))!.questionId))!;
    await waitFor('the third check-in to close', () => (runtime.clock.now() >= new Date(closesAt) ? true : undefined));
    await page.goto(url);
    expect(await heading()).toBe('This question has closed');
    await check('closed (410)');
  });

  test('the rest of the year: every kind of question reaches the browser', async () => {
    await waitFor('the follow-up', () => [...questions.values()].find((q) => q.kind === 'follow-up'));
    expect([...checkedPages()]).toEqual(expect.arrayContaining([...QUESTION_KIND_NAMES]));
  });

  test('an unknown link, in the browser’s language, and a failure on our side', async () => {
    for (const locale of LOCALES) {
      await page.setExtraHTTPHeaders({ 'accept-language': `${locale},en;q=0.5` });
      await page.goto(`${runtime.responsePages.baseUrl}/r/AAAAAAAAAAAAAAAAAAAAAAAA`);
      expect(await heading()).toBe(translator(locale)('answerPage.notFoundTitle'));
      await check('not found (404)');
    }
    await page.setExtraHTTPHeaders({});

    // The store fails on every read and write, as DynamoDB does when it cannot be reached.
    const twin = runtime.twin!.store;
    useStore(new Proxy(twin, { get: (_store, name) => () => Promise.reject(new Error(`${String(name)}: the store cannot be reached`)) }));
    try {
      await page.goto([...questions.keys()][0]!);
      expect((await lastDocument()).status).toBe(503);
      expect(await heading()).toBe('Something went wrong');
      await check('error (503)');
    } finally {
      useStore(twin);
    }
  });

  test('axe-core finds nothing on any kind of page, in any language; each page says its language', () => {
    const rows = [...checked.values()].map(({ page: kind, status, violations, bytes, lang }) => ({
      page: kind,
      lang,
      status,
      violations: violations.length,
      bytes,
    }));
    console.log(`Answer pages in Chromium, checked with axe-core (WCAG 2.2 A/AA and best practices); screenshots in ${OUT}/`);
    console.table(rows);
    expect(checkedPages().size).toBe(20);
    expect(new Set(rows.map((row) => row.lang))).toEqual(new Set(LOCALES));
    for (const { lang, contentLanguage } of checked.values()) expect(contentLanguage).toBe(lang);
    expect(Object.fromEntries([...checked].map(([kind, { violations }]) => [kind, violations]))).toEqual(
      Object.fromEntries([...checked.keys()].map((kind) => [kind, []])),
    );
  });
});
