import { createHash } from 'node:crypto';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { Context } from 'aws-lambda';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { clientSettings, once } from '#platform/aws';
import { renderHtml, renderText } from '#presentation/letters/letters';
import { findForgotten, recordMailSent, sendingRecords } from '#adapters/store';
import { clock } from '#platform/clock';
import { logger } from '#platform/logger';
import { setting } from '#platform/environment';
import { TransientFailure } from '#platform/transient';
import { sesFailure } from './ses-errors.ts';
import type { CalendarPart, Mail, Outgoing } from './port.ts';

/**
 * Longer than any function's 30 s timeout: a send still "in progress" after this belongs to
 * a handler that crashed, and the retry may take it over.
 */
const SEND_LEASE_MS = 60_000;

/**
 * One attempt per call: a retry inside the SDK after a lost answer could send a message twice;
 * the state machine retries the whole task instead, and this module skips what went out. A
 * connection or an answer that hangs is given up well inside the function's timeout and the
 * lease, so no retry can take a send over while this one may still reach SES.
 */
export const SES_TIMEOUTS = { connectMs: 3_000, answerMs: 10_000 };
const ses = once(() => new SESv2Client(clientSettings(setting('SES_ENDPOINT'), 1, SES_TIMEOUTS)));

export type { CalendarPart, Mail, Outgoing } from './port.ts';

/**
 * SES refused to send (sender identity not verified or pending, a sandbox recipient not verified,
 * sending paused): final, an operator must act, then redrive. It marks nobody: only SES's bounce
 * and complaint events say an address is unreachable.
 */
export class MailNotSent extends Error {
  override name = 'MailNotSent';
}

/** The account's daily sending quota is used up: the state machines try again every hour for a day and more. */
export class MailQuotaExceeded extends Error {
  override name = 'MailQuotaExceeded';
}

const idempotency = new IdempotencyConfig({
  eventKeyJmesPath: 'key',
  // Longer than a year's relationship and Step Functions' 14-day redrive: a message key is never sent twice.
  expiresAfterSeconds: 2 * 366 * 86_400,
});
idempotency.registerLambdaContext({ getRemainingTimeInMillis: () => SEND_LEASE_MS } as Context);

/** `refused`: an outcome an earlier build kept for a refusal; nothing was sent. */
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
    const failure = sesFailure(error);
    logger.warn('e-mail not sent', { relationshipId: mail.relationshipId, kind: mail.kind, role: mail.role, error: name, failure });
    // Thrown, never returned: no outcome is kept for the message key, so the retry or redrive sends it.
    if (failure === 'transient') throw new TransientFailure(`SES did not take the ${mail.kind} e-mail now (${name})`, { cause: error });
    // No cause: a task error is judged by its cause too, and a throttle's would make it transient.
    if (failure === 'quota') throw new MailQuotaExceeded(`SES's daily sending quota is used up (${name}); the ${mail.kind} e-mail waits for it`);
    // SES's own message names addresses: the execution's history gets the error's name only.
    throw new MailNotSent(
      `SES refused to send (${name}): check the sender identity, the account's sandbox and sending status; then redrive. The ${mail.kind} e-mail was not sent`,
    );
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

/** SES, through Powertools' idempotency: a key's first outcome is kept beside the links, and a retry gets it back. */
export const sesMail: Mail = {
  send: async (key, mail) => {
    const kept = await submit()({ key, mail });
    // An earlier build kept a refusal as the message's outcome: it never went out, so it goes now, under a key of its own
    // (this build keeps no refusal, so that key's outcome is a send).
    return ('refused' in kept ? await submit()({ key: `${key}/after-refusal`, mail }) : kept) as { messageId: string };
  },
};

let mailer: Mail = sesMail;

/** Where letters go from now on; none: SES again. */
export const useMail = (mail: Mail = sesMail): void => {
  mailer = mail;
};

export type Delivery = 'sent' | 'sent-before' | 'undeliverable' | 'erased';

/**
 * Sends a letter once per message key and records it with SES's message id (`sent-before`
 * when a retry finds it done). A person marked undeliverable (a bounce or complaint SES
 * reported) is skipped as `undeliverable` and the caller goes on. Nobody writes to an erased
 * (forgotten) person. SES refusing the send throws `MailNotSent` and keeps nothing: the
 * readers already written to are skipped when the task runs again.
 */
export const sendOnce = async (mail: Outgoing): Promise<Delivery> => {
  if (mail.to.erasedAt || !mail.to.email) {
    logger.info('e-mail not sent: its reader was erased', { relationshipId: mail.relationshipId, kind: mail.kind, role: mail.role });
    return 'erased';
  }
  // The address's own mark, one read per e-mail: a person record made again with a forgotten
  // address (an enrolment racing `forget`) is still not written to.
  if (await findForgotten(mail.to.programId, mail.to.email)) {
    logger.info('e-mail not sent: its address was forgotten', { relationshipId: mail.relationshipId, kind: mail.kind, role: mail.role });
    return 'erased';
  }
  if (mail.to.undeliverableSince) return 'undeliverable';
  const outcome = await mailer.send(sendKey(mail.relationshipId, mail.messageKey), mail);
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
