import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { clientSettings, once } from '#platform/aws';
import { renderHtml, renderText, type Letter } from './letters.ts';
import type { Person, Role } from '#domain/model';
import { claimMail, markMailSent, releaseMail } from '#adapters/store';
import { clock } from '#platform/clock';
import { logger } from '#platform/logger';
import { setting } from '#platform/environment';

const ses = once(() => new SESv2Client(clientSettings(setting('SES_ENDPOINT'))));

export interface Outgoing {
  relationshipId: string;
  /** Unique per message: the same key is never sent twice. */
  messageKey: string;
  kind: string;
  to: Person;
  role: Role;
  letter: Letter;
  senderName: string;
  calendar?: { filename: string; content: string };
}

/** SES refused or failed; the state machine retries this name with backoff. */
export class MailNotSent extends Error {
  override name = 'MailNotSent';
}

const compose = async (mail: Outgoing): Promise<Buffer> =>
  new MailComposer({
    from: { name: mail.senderName, address: setting('MAIL_FROM') },
    to: { name: mail.to.name, address: mail.to.email },
    subject: mail.letter.subject,
    text: renderText(mail.letter),
    html: renderHtml(mail.letter),
    ...(mail.calendar ? { icalEvent: { filename: mail.calendar.filename, method: 'REQUEST', content: mail.calendar.content } } : {}),
  })
    .compile()
    .build();

/**
 * Sends a letter exactly once per message key. Returns false when it had been sent before, or
 * when its reader was erased (forgotten): nobody writes to them any more.
 */
export const sendOnce = async (mail: Outgoing): Promise<boolean> => {
  if (mail.to.erasedAt || !mail.to.email) {
    logger.info('e-mail not sent: its reader was erased', { relationshipId: mail.relationshipId, kind: mail.kind, role: mail.role });
    return false;
  }
  if (!(await claimMail(mail.relationshipId, mail.messageKey, mail.kind, mail.role))) return false;
  let messageId: string;
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
    messageId = sent.MessageId ?? 'unknown';
  } catch (error) {
    await releaseMail(mail.relationshipId, mail.messageKey);
    logger.warn('e-mail not sent', { relationshipId: mail.relationshipId, kind: mail.kind, role: mail.role, error: (error as Error).name });
    throw new MailNotSent(`SES did not accept the ${mail.kind} e-mail (${(error as Error).name})`);
  }
  await markMailSent(mail.relationshipId, mail.messageKey, messageId, clock().now().toISOString());
  logger.info('e-mail sent', { relationshipId: mail.relationshipId, kind: mail.kind, role: mail.role });
  return true;
};
