import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { sendOnce, type Outgoing } from '#adapters/mail/mailer';
import { listMail, sendingRecords } from '#adapters/store';
import { startLocalRuntime, type LocalRuntime } from '#local/runtime';
import { sharedDynamoDb } from '../support/cohort.ts';

/**
 * A deploy over an earlier build that kept SES's refusal of a send (the sender was not verified
 * yet) as the message's outcome, for two years. That message never went out; once SES sends
 * again, the next try sends it, once.
 */
let runtime: LocalRuntime;

const mail: Outgoing = {
  relationshipId: 'rel-0123456789ab',
  messageKey: 'introduction/first/person-sari',
  kind: 'introduction',
  role: 'mentee',
  to: {
    personId: 'person-sari',
    programId: 'earlier-refusals',
    name: 'Sari Wibowo',
    email: 'sari.wibowo@example.org',
    timeZone: 'Europe/Amsterdam',
    locale: 'en',
  },
  senderName: 'Pilot 2027',
  letter: {
    lang: 'en',
    subject: 'Meet your mentor',
    greeting: 'Dear Sari,',
    paragraphs: ['Marco will mentor you.'],
    signature: 'Ingrid',
    footer: 'Pilot 2027',
  },
};

beforeAll(async () => {
  runtime = await startLocalRuntime({ programOrigin: new Date('2027-01-11T09:00:00Z'), ...sharedDynamoDb(), dailyChecks: false });
  // The earlier build's send, as it kept its outcome: the same utility, key and prefix.
  const config = new IdempotencyConfig({ eventKeyJmesPath: 'key', expiresAfterSeconds: 2 * 366 * 86_400 });
  config.registerLambdaContext({ getRemainingTimeInMillis: () => 60_000 } as Context);
  const earlierSend = makeIdempotent(async (_: { key: string; mail: Outgoing }) => ({ refused: 'MessageRejected' }), {
    persistenceStore: sendingRecords(),
    config,
    keyPrefix: 'MAIL',
  });
  await earlierSend({ key: `${mail.relationshipId}/${mail.messageKey}`, mail });
}, 60_000);

afterAll(async () => {
  await runtime?.stop();
});

test('a message whose refusal an earlier build kept is sent on the next try, and only once', async () => {
  expect(await runtime.clock.track(() => sendOnce(mail))).toBe('sent');
  expect(await runtime.clock.track(() => sendOnce(mail))).toBe('sent-before');
  const inbox = runtime.inbox.mail();
  expect(inbox).toHaveLength(1);
  expect(inbox[0]!.subject).toBe('Meet your mentor');
  expect(await listMail(mail.relationshipId)).toMatchObject([{ messageKey: mail.messageKey, state: 'sent', messageId: inbox[0]!.messageId }]);
});
