import { DateTime } from 'luxon';
import type { Clock } from '#core/clock';
import type { MeetingOutcome } from '#core/model';
import { MEETING_MODES, type MeetingMode } from '#core/check-in-details';
import { readInbox, type StoredEmail } from './services/inbox.ts';

/** How a held meeting went, as the page asks it; the participant makes it up when the policy does not say. */
export interface HowItWent {
  mode?: MeetingMode;
  rating?: number;
  note?: string;
}

/** What a participant does with one question e-mail. */
export type Reaction = ({ answer: MeetingOutcome; afterDays: number; moveByDays?: number } & HowItWent) | undefined;

export interface QuestionMail {
  /** The recipient's address, lower-case. */
  to: string;
  /** 1 for the first question this person was asked, 2 for the next, and so on; a reminder repeats its question's number. */
  questionNo: number;
  isReminder: boolean;
}

export type Policy = (mail: QuestionMail) => Reaction;

export interface AnswerRates {
  /** Chance that a person answers a question e-mail (each of the pair decides on their own). */
  answer: number;
  /** Among answers, the chance of each outcome; the rest is "held". */
  moved: number;
  notHeld: number;
  /** Answers come after a random delay up to this many program days. */
  maxDelayDays: number;
  /** Among meetings held, the chance of a rating of 1 or 2 (default 0.05); the rest are 3 to 5. */
  lowRating?: number;
}

export const DEFAULT_RATES: AnswerRates = { answer: 0.6, moved: 0.08, notHeld: 0.1, maxDelayDays: 2 };

/** A small seeded generator, so a demo run can be repeated exactly. */
export const seededRandom = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};

const howItWent = (rates: AnswerRates, random: () => number): HowItWent => ({
  mode: MEETING_MODES[Math.floor(random() * MEETING_MODES.length)]!,
  rating: random() < (rates.lowRating ?? 0.05) ? 1 + Math.floor(random() * 2) : 3 + Math.floor(random() * 3),
});

export const randomPolicy = (rates: AnswerRates, random: () => number): Policy => () => {
  if (random() >= rates.answer) return undefined;
  const roll = random();
  const answer: MeetingOutcome = roll < rates.moved ? 'moved' : roll < rates.moved + rates.notHeld ? 'not-held' : 'held';
  const reaction = { answer, afterDays: random() * rates.maxDelayDays, moveByDays: 2 + Math.floor(random() * 5) };
  return answer === 'held' ? { ...reaction, ...howItWent(rates, random) } : reaction;
};

export interface AnswerLog {
  to: string;
  questionNo: number;
  answer: MeetingOutcome;
  /** What the page said after the button: recorded, already answered by the partner, or closed. */
  result: 'recorded' | 'already-answered' | 'closed' | 'failed';
}

const LINK = /(https?:\/\/[^\s]+\/r\/([A-Za-z0-9_-]+))\?answer=([a-z-]+)/g;

const addressOf = (to: string) => (/<([^>]+)>/.exec(to)?.[1] ?? to).trim().toLowerCase();

/**
 * Simulated participants: they read the local inbox and answer question e-mails the way a
 * person does, by opening the link (GET shows the page) and pressing its button (POST).
 */
export const startParticipants = (options: { inboxEndpoint: string; clock: Clock; policy: Policy; pollMs?: number }) => {
  const seen = new Set<string>();
  const questionNos = new Map<string, number>();
  const countByPerson = new Map<string, number>();
  const pending = new Set<Promise<void>>();
  const log: AnswerLog[] = [];
  let running = true;
  // Stopping wakes every sleeper, so nothing is left waiting on a cleared timer.
  const sleepers = new Map<NodeJS.Timeout, () => void>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => (sleepers.delete(timer), resolve()), ms);
      sleepers.set(timer, resolve);
    });

  const answer = async (to: string, questionNo: number, baseUrl: string, reaction: NonNullable<Reaction>) => {
    await sleep(options.clock.engineSeconds(reaction.afterDays * 86_400) * 1000);
    if (!running) return;
    let result: AnswerLog['result'] = 'failed';
    try {
      const page = await fetch(`${baseUrl}?answer=${reaction.answer}`);
      const html = await page.text();
      if (page.status === 410) result = 'closed';
      else if (!html.includes('<form')) result = 'already-answered';
      else {
        const body = new URLSearchParams({ answer: reaction.answer });
        // A held meeting's page asks how they met and how useful it was; a note is optional.
        if (reaction.answer === 'held') {
          body.set('mode', reaction.mode ?? 'face-to-face');
          body.set('rating', String(reaction.rating ?? 4));
        }
        if (reaction.note) body.set('note', reaction.note);
        if (reaction.answer === 'moved') {
          const zone = /data-zone="([^"]+)"/.exec(html)?.[1] ?? 'UTC';
          body.set('movedTo', DateTime.fromJSDate(options.clock.now(), { zone }).plus({ days: reaction.moveByDays ?? 3 }).set({ hour: 10, minute: 0 }).toFormat("yyyy-MM-dd'T'HH:mm"));
        }
        const posted = await fetch(baseUrl, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
        const text = await posted.text();
        result = posted.status === 410 ? 'closed' : text.includes('already answered') ? 'already-answered' : posted.ok ? 'recorded' : 'failed';
      }
    } catch {
      result = 'failed';
    }
    log.push({ to, questionNo, answer: reaction.answer, result });
  };

  const react = (mail: StoredEmail) => {
    const links = [...(mail.body.text ?? '').matchAll(LINK)];
    if (links.length === 0) return;
    const to = addressOf(mail.destination.to[0] ?? '');
    const linkId = links[0]![2]!;
    let questionNo = questionNos.get(linkId);
    const isReminder = questionNo !== undefined;
    if (questionNo === undefined) {
      questionNo = (countByPerson.get(to) ?? 0) + 1;
      countByPerson.set(to, questionNo);
      questionNos.set(linkId, questionNo);
    }
    const reaction = options.policy({ to, questionNo, isReminder });
    if (!reaction) return;
    const work = answer(to, questionNo, links[0]![1]!, reaction).finally(() => pending.delete(work));
    pending.add(work);
  };

  const poll = (async () => {
    let since = 0;
    while (running) {
      try {
        const mails = await readInbox(options.inboxEndpoint, since || undefined);
        for (const mail of mails) {
          if (seen.has(mail.messageId)) continue;
          seen.add(mail.messageId);
          since = Math.max(since, mail.at - 1);
          react(mail);
        }
      } catch {
        // The inbox is stopping or busy; the next poll tries again.
      }
      await sleep(options.pollMs ?? 25);
    }
  })();

  return {
    log,
    stop: async () => {
      running = false;
      for (const [timer, wake] of sleepers) {
        clearTimeout(timer);
        wake();
      }
      sleepers.clear();
      await poll;
      await Promise.allSettled([...pending]);
    },
  };
};
