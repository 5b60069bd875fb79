import { expect, test } from 'vitest';
import type { Mail, Outgoing } from '#adapters/mail/mailer';

/** What a mail service took, as its reader would see it: to whom, and the subject. */
export interface MailUnderTest {
  mail: Mail;
  delivered(): Promise<{ messageId: string; to: string; subject: string }[]>;
}

const letter = (n: number, subject: string): Outgoing => ({
  relationshipId: `rel-mailcontract${n}`,
  messageKey: `introduction/first/person-${n}`,
  kind: 'introduction',
  role: 'mentee',
  to: { personId: `person-${n}`, programId: 'mail-contract', name: 'Sari Wibowo', email: `sari.${n}@example.org`, timeZone: 'Europe/Amsterdam', locale: 'en' },
  senderName: 'Pilot 2027',
  letter: { lang: 'en', subject, greeting: 'Dear Sari,', paragraphs: ['Marco will mentor you.'], signature: 'Ingrid', footer: 'Pilot 2027' },
});

/** What every mail service does, SES (the local inbox) or the in-memory outbox: one message per key, whatever the retries. */
export const mailContract = (name: string, service: () => MailUnderTest): void => {
  let made = 0;
  test(`${name}: a key is sent once; a retry gets the first message's id and sends nothing`, async () => {
    const n = ++made;
    const key = `rel-mailcontract${n}/introduction/first/person-${n}`;
    const before = (await service().delivered()).length;
    const first = await service().mail.send(key, letter(n, 'Meet your mentor'));
    expect(await service().mail.send(key, letter(n, 'Meet your mentor, again'))).toEqual(first);
    const other = await service().mail.send(`${key}/other`, letter(n, 'Another letter'));
    expect(other.messageId).not.toBe(first.messageId);
    expect((await service().delivered()).slice(before)).toEqual([
      { messageId: first.messageId, to: `sari.${n}@example.org`, subject: 'Meet your mentor' },
      { messageId: other.messageId, to: `sari.${n}@example.org`, subject: 'Another letter' },
    ]);
  });
};
