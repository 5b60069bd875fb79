import { DateTime } from 'luxon';
import { MEETING_MODES, type MeetingMode } from '#domain/check-in-details';
import { addressOf, questionLinksOf, type LocalInbox, type StoredEmail } from './services/inbox.ts';
import type { VirtualClock } from './virtual-clock.ts';

/** What a participant does with one question e-mail: which answer, after how long, and anything the form asks besides. */
export interface Reaction {
  afterDays: number;
  /** The main answer (`held`, `accept`, `confirm`…); each kind has a sensible default. */
  answer?: string;
  /** A moved meeting's new date, this many days from now. */
  moveByDays?: number;
  mode?: MeetingMode;
  rating?: number;
  note?: string;
  /** Other fields of the form, by name: `continue: 'no'`, `extend: 'yes'`. */
  fields?: Record<string, string>;
  /** Pressed at the very instant someone else may press too, not one after the other. */
  concurrent?: boolean;
}

export interface QuestionMail {
  /** The recipient's address, lower-case. */
  to: string;
  /** The question's kind, as its page says (`check-in`, `match`, `review`…). */
  kind: string;
  /** 1 for the first question of this kind this person was asked, 2 for the next…; a reminder repeats its question's number. */
  questionNo: number;
  isReminder: boolean;
}

export type Policy = (mail: QuestionMail) => Reaction | undefined;

export interface AnswerRates {
  /** Chance that a person answers a question e-mail (each decides on their own). */
  answer: number;
  /** Among check-in answers, the chance of each outcome; the rest is "held". */
  moved: number;
  notHeld: number;
  /** Answers come after a random delay up to this many program days. */
  maxDelayDays: number;
  /** Among meetings held, the chance of a rating of 1 or 2 (default 0.05); the rest are 3 to 5. */
  lowRating?: number;
  /** Chance that someone declines the proposed match. */
  decline?: number;
  /** Chance that someone says at the mid-point review that they would rather stop. */
  stop?: number;
  /** Chance that someone asks at closure to extend. */
  extend?: number;
}

export const DEFAULT_RATES: Required<AnswerRates> = {
  answer: 0.6,
  moved: 0.08,
  notHeld: 0.1,
  maxDelayDays: 2,
  lowRating: 0.05,
  decline: 0.05,
  stop: 0.1,
  extend: 0.45,
};

/** A small seeded generator, so a demo run can be repeated exactly. */
export const seededRandom = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};

/** A number from 0 to 1 that depends on the seed and the words only, never on timing. */
export const randomFor = (seed: number, ...words: (string | number | boolean)[]) => {
  let h = seed | 0;
  for (const c of words.join('/')) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193);
  return seededRandom(h)();
};

/** Questions the lifecycle cannot go on without are answered more often than check-ins. */
const KEEN = new Set(['match', 'working-agreement', 'goals', 'goal-confirmation', 'goal-endorsement', 'extension']);

/**
 * Simulated people answering at the given rates. Each decision draws on the seed, the person
 * and the question alone, so a seed repeats a run's choices whatever order the mail comes in.
 */
export const randomPolicy =
  (rates: AnswerRates, seed: number): Policy =>
  ({ to, kind, questionNo, isReminder }): Reaction | undefined => {
    const r = { ...DEFAULT_RATES, ...rates };
    // The coordinator lets a pause run its planned course.
    if (kind === 'pause') return undefined;
    const random = seededRandom(Math.floor(randomFor(seed, to, kind, questionNo, isReminder) * 2 ** 31));
    if (random() >= (KEEN.has(kind) ? Math.max(r.answer, 0.9) : r.answer)) return undefined;
    const afterDays = random() * r.maxDelayDays;
    if (kind === 'match') return { afterDays, answer: random() < r.decline ? 'decline' : 'accept' };
    if (kind === 'review') return { afterDays, fields: { continue: random() < r.stop ? 'no' : 'yes' } };
    if (kind === 'look-back') return { afterDays, fields: { extend: random() < r.extend ? 'yes' : 'no' } };
    if (kind !== 'check-in') return { afterDays };
    const roll = random();
    const answer = roll < r.moved ? 'moved' : roll < r.moved + r.notHeld ? 'not-held' : 'held';
    if (answer !== 'held') return { afterDays, answer, moveByDays: 2 + Math.floor(random() * 5) };
    return {
      afterDays,
      answer,
      mode: MEETING_MODES[Math.floor(random() * MEETING_MODES.length)]!,
      rating: random() < r.lowRating ? 1 + Math.floor(random() * 2) : 3 + Math.floor(random() * 3),
    };
  };

export interface AnswerLog {
  to: string;
  /** The private link that was answered. */
  url: string;
  kind: string;
  questionNo: number;
  answer: string;
  /** The program instant the button was pressed. */
  at: string;
  /** What the page said after the button: recorded, already answered by someone else, or closed. */
  result: 'recorded' | 'already-answered' | 'closed' | 'failed';
  /** Presses before this one that got "busy, try again" (503). */
  busyBefore?: number;
}

/** The answer a kind's page gets unless the reaction says otherwise. */
const DEFAULT_ANSWER: Record<string, string> = {
  match: 'accept',
  'goal-confirmation': 'confirm',
  'goal-endorsement': 'endorse',
  'check-in': 'held',
  extension: 'approve',
  'follow-up': 'held',
  pause: 'resume',
};

/** The form's fields as a page lists them: radio groups and checkboxes with their values, selects with their options. */
const fieldsOf = (html: string) => {
  const choices = new Map<string, string[]>();
  for (const [, type, name, value] of html.matchAll(/<input type="(radio|checkbox)" name="([^"]+)" value="([^"]*)"/g))
    choices.set(`${type}:${name}`, [...(choices.get(`${type}:${name}`) ?? []), value!]);
  const selects = new Map<string, { options: string[]; selected?: string }>();
  for (const [, name, body] of html.matchAll(/<select name="([^"]+)">([\s\S]*?)<\/select>/g)) {
    const options = [...body!.matchAll(/<option value="([^"]*)"( selected)?/g)];
    selects.set(name!, { options: options.map((o) => o[1]!).filter(Boolean), selected: options.find((o) => o[2])?.[1] });
  }
  const texts = new Map([...html.matchAll(/<input type="text" name="([^"]+)"[^>]*value="([^"]*)"/g)].map(([, name, value]) => [name!, value!]));
  return { choices, selects, texts };
};

/** Fills a page's form the way a person would: the reaction's answers, and sensible ones for the rest. */
export const fillForm = (kind: string, html: string, reaction: Reaction, now: Date): URLSearchParams => {
  const body = new URLSearchParams();
  const { choices, selects, texts } = fieldsOf(html);
  const answer = reaction.answer ?? DEFAULT_ANSWER[kind];
  if (answer) body.set('answer', answer);
  for (const [key, all] of choices) {
    const [type, name] = key.split(':') as [string, string];
    // A person who answers says something: "no answer" is what the page starts from, not a choice.
    const values = all.filter(Boolean);
    if (name === 'answer' || body.has(name)) continue;
    if (reaction.fields?.[name]) body.set(name, reaction.fields[name]);
    else if (name === 'mode') body.set(name, reaction.mode ?? 'face-to-face');
    else if (name === 'rating') body.set(name, String(reaction.rating ?? 4));
    else if (name.startsWith('goal-')) body.set(name, values[Math.ceil((values.length - 1) * 0.7)]!);
    else if (type === 'checkbox') body.set(name, values[0]!);
    // Most pairs close as planned; asking for more is the policy's to say.
    else if (name === 'extend') body.set(name, 'no');
    // After the close start most pairs settle on the least frequent rhythm offered, as the program's year mostly is.
    else if (name === 'frequency') body.set(name, values.at(-1)!);
    else body.set(name, values.includes('yes') ? 'yes' : values.at(-1)!);
  }
  // The first goal row, unless the page already holds earlier proposals.
  for (const [name, { options, selected }] of selects) {
    const row = /(\d+)$/.exec(name)?.[1];
    if (selected) body.set(name, selected);
    else if (row === '1') body.set(name, name.startsWith('competency') ? options[0]! : name.startsWith('baseline') ? options[1]! : options.at(-2)!);
  }
  for (const [name, value] of texts) {
    if (value) body.set(name, value);
    else if (name === 'description1' && !body.has(name)) body.set(name, 'Lead the quarterly planning meeting with confidence');
  }
  for (const [name, value] of Object.entries(reaction.fields ?? {})) body.set(name, value);
  if (reaction.note) body.set('note', reaction.note);
  if (answer === 'moved') {
    // A date on their own calendar; the time as the page offers it (the pair's usual time), unless the reaction picks one.
    const zone = /data-zone="([^"]+)"/.exec(html)?.[1] ?? 'UTC';
    body.set(
      'movedTo',
      DateTime.fromJSDate(now, { zone })
        .plus({ days: reaction.moveByDays ?? 3 })
        .toFormat('yyyy-MM-dd'),
    );
    const usual = /name="movedAt"[^>]*value="([^"]*)"/.exec(html)?.[1];
    if (!body.has('movedAt') && usual !== undefined) body.set('movedAt', usual);
  }
  if (answer && answer !== 'held') for (const name of ['mode', 'rating']) body.delete(name);
  return body;
};

const DAY_MS = 86_400_000;

/** What participants need of the runtime: program time and the inbox they read. */
export interface ParticipantsRuntime {
  clock: VirtualClock;
  inbox: Pick<LocalInbox, 'accepted' | 'mail'>;
}

/**
 * Simulated participants: they read the local inbox and answer question e-mails the way a
 * person does, by opening the link (GET shows the page) and pressing its button (POST), some
 * program time later. They read the mail each time everything has settled, before time moves
 * on, and a person's answer is an event on the program clock like any other. The link that
 * ends a relationship, in every e-mail's foot, is left alone.
 */
export const startParticipants = (options: { runtime: ParticipantsRuntime; policy: Policy }) => {
  const { clock, inbox } = options.runtime;
  const questions = new Map<string, { kind: string; questionNo: number }>();
  const countByPersonAndKind = new Map<string, number>();
  const planned = new Set<() => void>();
  const answering = new Set<Promise<void>>();
  const log: AnswerLog[] = [];
  let running = true;
  /** How many e-mails of the inbox this person has read. */
  let read = 0;

  /** The page each link showed when its mail was read, until it is answered or put away: a person answers on the page they opened. */
  const pages = new Map<string, string>();

  const answer = async (to: string, url: string, question: { kind: string; questionNo: number }, reaction: Reaction, busyBefore = 0) => {
    let result: AnswerLog['result'];
    const body = new URLSearchParams();
    let retryAfterSeconds: number | undefined;
    try {
      // A reminder's link may be answered long after its first mail was opened and put away.
      const html = pages.get(url) ?? (await (await fetch(url)).text());
      pages.delete(url);
      if (!html.includes('<form')) result = 'already-answered';
      else {
        const form = fillForm(question.kind, html, reaction, clock.now());
        form.forEach((value, key) => body.set(key, value));
        const posted = await fetch(url, { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
        const text = await posted.text();
        result = posted.status === 410 ? 'closed' : text.includes('already answered') ? 'already-answered' : posted.ok ? 'recorded' : 'failed';
        if (posted.status === 503) retryAfterSeconds = Number(posted.headers.get('retry-after') ?? 60);
      }
    } catch {
      result = 'failed';
    }
    // "Busy, please try again in a minute": a person does, a couple of times.
    if (retryAfterSeconds !== undefined && busyBefore < 3) {
      const again = () => {
        planned.delete(cancel);
        const work = clock.track(() => answer(to, url, question, reaction, busyBefore + 1)).finally(() => answering.delete(work));
        answering.add(work);
      };
      const cancel = clock.at(clock.nowEpochMs() + retryAfterSeconds * 1000, again, `again ${to} ${url}`, true);
      planned.add(cancel);
      return;
    }
    log.push({ to, url, ...question, answer: body.get('answer') ?? '', at: clock.now().toISOString(), result, ...(busyBefore ? { busyBefore } : {}) });
  };

  /** The questions a mail asks (one per private link: a check-in may carry a review), read from their pages, each opened once as a person opens a link. */
  const questionsOf = async (mail: StoredEmail) => {
    const asked = await Promise.all(
      questionLinksOf(mail).map(async (url) => {
        const known = questions.get(url);
        if (known) return { url, kind: known.kind };
        const page = await (await fetch(url)).text();
        const kind = /data-question="([^"]+)"/.exec(page)?.[1];
        if (kind) pages.set(url, page);
        return kind ? { url, kind } : undefined;
      }),
    );
    return asked.filter((question) => question !== undefined);
  };

  const react = (mail: StoredEmail, asked: { url: string; kind: string }) => {
    // The weekly digest's buttons are the coordinator's choices: the simulated coordinator makes its own (coordinator.ts).
    if (asked.kind === 'coordinator-action') return;
    const to = addressOf(mail.destination.to[0] ?? '');
    let question = questions.get(asked.url);
    const isReminder = question !== undefined;
    if (!question) {
      const counter = `${to}/${asked.kind}`;
      question = { kind: asked.kind, questionNo: (countByPersonAndKind.get(counter) ?? 0) + 1 };
      countByPersonAndKind.set(counter, question.questionNo);
      questions.set(asked.url, question);
    }
    const reaction = options.policy({ to, ...question, isReminder });
    if (!reaction) {
      pages.delete(asked.url);
      return;
    }
    const act = () => {
      planned.delete(cancel);
      const work = clock.track(() => answer(to, asked.url, question, reaction)).finally(() => answering.delete(work));
      answering.add(work);
    };
    // Exclusive unless said otherwise: two people who press at the same instant are handled one after the other.
    const cancel = clock.at(clock.nowEpochMs() + Math.round(reaction.afterDays * DAY_MS), act, `answer ${to} ${asked.url}`, !reaction.concurrent);
    planned.add(cancel);
  };

  const readMail = async (): Promise<boolean> => {
    if (!running || inbox.accepted === read) return false;
    const mails = inbox.mail(read);
    read += mails.length;
    // Mail that arrived at one instant, in an order of its own: each person's questions are numbered the same way every run.
    mails.sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
    const asked = await Promise.all(mails.map((mail) => questionsOf(mail).catch(() => [])));
    mails.forEach((mail, i) => asked[i]!.forEach((question) => react(mail, question)));
    return true;
  };
  const stopReading = clock.lookout(readMail);

  return {
    log,
    stop: async () => {
      running = false;
      stopReading();
      for (const cancel of planned) cancel();
      planned.clear();
      await Promise.allSettled([...answering]);
    },
  };
};

const sortKey = (mail: StoredEmail) => `${addressOf(mail.destination.to[0] ?? '')}\n${mail.subject}\n${mail.body.text ?? ''}`;
