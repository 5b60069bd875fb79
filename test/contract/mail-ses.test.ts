import { afterAll, beforeAll } from 'vitest';
import { sesMail } from '#adapters/mail/mailer';
import { addressOf } from '#local/services/inbox';
import { startLocalRuntime, type LocalRuntime } from '#local/runtime';
import { sharedDynamoDb } from '../support/cohort.ts';
import { mailContract } from './mail.contract.ts';

/** SES as the product sends to it (Powertools keeps each key's outcome in DynamoDB Local), received by the local inbox. */
let runtime: LocalRuntime;

beforeAll(async () => {
  runtime = await startLocalRuntime({ programOrigin: new Date('2027-01-11T09:00:00Z'), ...sharedDynamoDb(), dailyChecks: false });
}, 60_000);

afterAll(async () => {
  await runtime?.stop();
});

mailContract('SES', () => ({
  mail: { send: (key, mail) => runtime.clock.track(() => sesMail.send(key, mail)) },
  delivered: async () => runtime.inbox.mail().map(({ messageId, destination, subject }) => ({ messageId, to: addressOf(destination.to[0]!), subject })),
}));
