import { createHash } from 'node:crypto';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { Context } from 'aws-lambda';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { clientSettings, once } from '#platform/aws';
import { renderHtml, renderText, type Letter } from './letters.ts';
import type { Person, Role } from '#domain/model';
import { recordMailSent, sendingRecords } from '#adapters/store';
import { clock } from '#platform/clock';
import { logger } from '#platform/logger';
import { setting } from '#platform/environment';
import { isTransient, TransientFailure } from '#platform/transient';

// One attempt per call: a retry inside the SDK after a lost answer could send a message twice;
// the state machine retries the whole task instead, and this module skips what went out.
const ses = once(() => new SESv2Client(clientSettings(setting('SES_ENDPOINT'), 1)));

export interface Outgoing {
  relationshipId: string;
  /** Unique per message: the same key is never sent twice. */
  messageKey: string;
  kind: string;
  to: Person;
  role: Role;
  letter: Letter;
  senderName: string;
  /** Where a reply goes: the coordinator, not the sending address nobody reads. */
  replyTo?: { name: string; address: string };
  /** Calendar invitations or cancellations: the first as the message's own calendar part, any others attached. */
  calendars?: CalendarPart[];
}

export interface CalendarPart {
  filename: string;
  method: 'REQUEST' | 'CANCEL';
  content: string;
}

/** SES will send nothing at all (sending paused, sender not verified): final, an operator must act. */
export class MailNotSent extends Error {
  override name = 'MailNotSent';
}

/** SES refuses this message's recipient for good; other readers still get theirs. */
const RECIPIENT_REFUSED = new Set(['MessageRejected', 'BadRequestException']);

/**
 * Longer than any function's 30 s timeout: a send still "in progress" after this belongs to
 * a handler that crashed, and the retry may take it over.
 */
const SEND_LEASE_MS = 60_000;

const idempotency = new IdempotencyConfig({
  eventKeyJmesPath: 'key',
  // Longer than a year's relationship and Step Functions' 14-day redrive: a message key is never sent twice.
  expiresAfterSeconds: 2 * 366 * 86_400,
});
idempotency.registerLambdaContext({ getRemainingTimeInMillis: () => SEND_LEASE_MS } as Context);

type Submission = { messageId: string } | { refused: string };

/** Calendars act on a message's own text/calendar part; a second event rides along as an attachment. */
const calendarParts = ([first, ...others]: CalendarPart[]) => ({
  ...(first ? { icalEvent: first } : {}),
  ...(others.length
    ? { attachments: others.map(({ filename, method, content }) => ({ filename, content, contentType: `text/calendar; charset=utf-8; method=${method}` })) }
    : {}),
});

const compose = async (mail: Outgoing): Promise<Buffer> =>
  new MailComposer({
    from: { name: mail.senderName, address: setting('MAIL_FROM') },
    to: { name: mail.to.name, address: mail.to.email },
    ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
    headers: { 'Content-Language': mail.letter.lang },
    subject: mail.letter.subject,
    text: renderText(mail.letter),
    html: renderHtml(mail.letter),
    ...calendarParts(mail.calendars ?? []),
  })
    .compile()
    .build();

const submitToSes = async ({ mail }: { key: string; mail: Outgoing }): Promise<Submission> => {
  try {
    const sent = await ses().send(
      new SendEmailCommand({
        // Also in the raw message; explicit here so IAM's ses:FromAddress condition sees it.
        FromEmailAddress: setting('MAIL_FROM'),
        Content: { Raw: { Data: await compose(mail) } },
        ConfigurationSetName: setting('SES_CONFIGURATION_SET'),
        // Tags reach SES event destinations: ids and kinds only.
        EmailTags: [
          { Name: 'kind', Value: mail.kind },
          { Name: 'relationship', Value: mail.relationshipId },
        ],
      }),
    );
    return { messageId: sent.MessageId ?? 'unknown' };
  } catch (error) {
    const name = (error as Error).name;
    logger.warn('e-mail not sent', { relationshipId: mail.relationshipId, kind: mail.kind, role: mail.role, error: name });
    // Kept as this message's outcome, so a retry does not knock on a closed door again.
    if (RECIPIENT_REFUSED.has(name)) return { refused: name };
    if (isTransient(error)) throw new TransientFailure(`SES did not take the ${mail.kind} e-mail now (${name})`, { cause: error });
    throw new MailNotSent(`SES sends nothing (${name}); the ${mail.kind} e-mail waits for an operator`);
  }
};

const SENDING_PREFIX = 'MAIL';
const sendKey = (relationshipId: string, messageKey: string) => `${relationshipId}/${messageKey}`;

/**
 * The id of a send's record in the responses table, as Powertools makes it (prefix, then the
 * MD5 of the key as JSON, in base64), so a throwaway relationship's records can be removed.
 */
export const sendingRecordId = (relationshipId: string, messageKey: string): string =>
  `${SENDING_PREFIX}#${createHash('md5')
    .update(JSON.stringify(sendKey(relationshipId, messageKey)))
    .digest('base64')}`;

/**
 * SES's send, at most once per message key (Powertools idempotency): a retried or concurrent
 * call gets the first call's outcome instead of sending again.
 */
const submit = once(() => makeIdempotent(submitToSes, { persistenceStore: sendingRecords(), config: idempotency, keyPrefix: SENDING_PREFIX }));

export type Delivery = 'sent' | 'sent-before' | 'undeliverable' | 'erased';

/**
 * Sends a letter once per message key and records it with SES's message id (`sent-before`
 * when a retry finds it done). A recipient SES refuses for good is `undeliverable`: nothing is
 * sent, then or later, and the caller goes on. Nobody writes to an erased (forgotten) person.
 */
export const sendOnce = async (mail: Outgoing): Promise<Delivery> => {
  if (mail.to.erasedAt || !mail.to.email) {
    logger.info('e-mail not sent: its reader was erased', { relationshipId: mail.relationshipId, kind: mail.kind, role: mail.role });
    return 'erased';
  }
  if (mail.to.undeliverableSince) return 'undeliverable';
  const outcome = await submit()({ key: sendKey(mail.relationshipId, mail.messageKey), mail });
  if ('refused' in outcome) return 'undeliverable';
  const first = await recordMailSent(mail.relationshipId, {
    messageKey: mail.messageKey,
    kind: mail.kind,
    recipientRole: mail.role,
    messageId: outcome.messageId,
    sentAt: clock().now().toISOString(),
  });
  if (!first) return 'sent-before';
  logger.info('e-mail sent', { relationshipId: mail.relationshipId, kind: mail.kind, role: mail.role });
  return 'sent';
};
