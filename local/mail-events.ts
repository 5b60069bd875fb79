import { createHash } from 'node:crypto';
import { findPersonIdByEmail, listMail, listProgramIds, listRelationshipsOfPerson, normalEmail } from '#adapters/store/view';
import { addDays } from '#domain/program/schedule';
import type { PairRow } from '#cli/commands';
import { handler as recordMailEvent } from '#handlers/record-mail-event';
import { invoke } from './handlers.ts';
import { randomFor } from './participants.ts';
import { addressOf, type StoredEmail } from './services/inbox.ts';
import type { VirtualClock } from './virtual-clock.ts';

/** A bounce or complaint to simulate for an address, as SES would report it for the last e-mail sent there. */
export interface SimulatedMailEvent {
  type: 'bounce' | 'complaint';
  address: string;
  /** Only a permanent bounce concerns the program (default); a transient one is SES's to retry. */
  bounceType?: 'Permanent' | 'Transient';
}

/** SES's names of the two events, as EventBridge delivers them: the local runtime plays SES. */
const BOUNCED = 'Email Bounced';
const COMPLAINED = 'Email Complaint Received';

/** The local name of the configuration set, as the tag SES adds to every event. */
const CONFIGURATION_SET = 'mentoring';

/** The message SES reports about: its id and the tags the mailer gave it. */
export interface ReportedMessage {
  messageId: string;
  relationshipId: string;
  kind: string;
  sentAt: string;
}

/** An "Email Bounced" or "Email Complaint Received" event as EventBridge delivers it from SES's configuration set. */
export const sesEvent = (event: SimulatedMailEvent, message: ReportedMessage, at: Date) => {
  const time = at.toISOString();
  const mail = {
    timestamp: message.sentAt,
    source: process.env.MAIL_FROM ?? 'mentoring@example.org',
    sendingAccountId: '000000000000',
    messageId: message.messageId,
    destination: [event.address],
    tags: { 'ses:configuration-set': [CONFIGURATION_SET], kind: [message.kind], relationship: [message.relationshipId] },
  };
  const feedbackId = createHash('sha256').update(`${event.type}\u0000${message.messageId}\u0000${event.address}`).digest('hex').slice(0, 32);
  return {
    version: '0',
    id: `local-${feedbackId}`,
    source: 'aws.ses',
    account: '000000000000',
    time,
    region: 'us-east-1',
    resources: [`arn:aws:ses:us-east-1:000000000000:configuration-set/${CONFIGURATION_SET}`],
    ...(event.type === 'bounce'
      ? {
          'detail-type': BOUNCED,
          detail: {
            eventType: 'Bounce',
            mail,
            bounce: {
              bounceType: event.bounceType ?? 'Permanent',
              bounceSubType: 'General',
              bouncedRecipients: [{ emailAddress: event.address, action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }],
              timestamp: time,
              feedbackId,
            },
          },
        }
      : {
          'detail-type': COMPLAINED,
          detail: {
            eventType: 'Complaint',
            mail,
            complaint: { complainedRecipients: [{ emailAddress: event.address }], timestamp: time, feedbackId, complaintFeedbackType: 'abuse' },
          },
        }),
  };
};

/** Hands an event to the same handler EventBridge invokes on AWS, in this process. */
export const deliverMailEvent = (event: unknown): ReturnType<typeof recordMailEvent> =>
  invoke('mentoring-record-mail-event', (context) => recordMailEvent(event, context));

/** The last e-mail the inbox took for this address, with the relationship and kind the mailer tagged it with (from the e-mail log). */
export const lastMessageTo = async (inbox: StoredEmail[], address: string): Promise<ReportedMessage> => {
  const wanted = normalEmail(address);
  const last = inbox.findLast((m) => m.destination.to.some((to) => addressOf(to) === wanted));
  if (!last) throw new Error(`No e-mail went to ${address}: there is nothing to bounce or complain about`);
  for (const programId of await listProgramIds()) {
    const personId = await findPersonIdByEmail(programId, wanted);
    if (!personId) continue;
    for (const { relationshipId } of await listRelationshipsOfPerson(personId)) {
      const logged = (await listMail(relationshipId)).find((m) => m.messageId === last.messageId);
      if (logged) return { messageId: last.messageId, relationshipId, kind: logged.kind, sentAt: logged.sentAt };
    }
  }
  throw new Error(`The last e-mail to ${address} is not in any relationship's e-mail log`);
};

/** One simulated bounce of a run and what came of it. */
export interface SimulatedBounce {
  address: string;
  at: string;
  result: Awaited<ReturnType<typeof deliverMailEvent>> | { error: string };
}

/**
 * `npm start -- --bounce-rate`: each mentor's and mentee's address bounces for good, with this
 * chance, on a day of their first relationship drawn from the seed, as SES would report it
 * through EventBridge. None by default.
 */
export const startBounces = (options: {
  clock: VirtualClock;
  rows: Pick<PairRow, 'mentee' | 'mentor' | 'startDate'>[];
  rate: number;
  seed: number;
  simulate: (event: SimulatedMailEvent) => ReturnType<typeof deliverMailEvent>;
}) => {
  const bounces: SimulatedBounce[] = [];
  const firstStart = new Map<string, string>();
  for (const row of options.rows) for (const person of [row.mentor, row.mentee]) if (!firstStart.has(person.email)) firstStart.set(person.email, row.startDate);
  const planned = [...firstStart].flatMap(([address, startDate]) => {
    if (randomFor(options.seed, address, 'bounce') >= options.rate) return [];
    const at = addDays(new Date(`${startDate}T12:00:00Z`), Math.round(20 + randomFor(options.seed, address, 'bounce-day') * 120));
    const bounce = async () => {
      const when = options.clock.now().toISOString();
      try {
        bounces.push({ address, at: when, result: await options.simulate({ type: 'bounce', address }) });
      } catch (error) {
        bounces.push({ address, at: when, result: { error: (error as Error).message } });
      }
    };
    return [options.clock.at(at.getTime(), () => void options.clock.track(bounce), `bounce ${address}`, true)];
  });
  return { bounces, stop: () => planned.forEach((cancel) => cancel()) };
};
