import type { Mail, Outgoing } from './port.ts';

/** A message the twin took: for whom, under which key, what kind, and the letter as composed. */
export interface OutboxMail {
  messageId: string;
  relationshipId: string;
  messageKey: string;
  kind: string;
  personId: string;
  address: string;
  role: Outgoing['role'];
  letter: Outgoing['letter'];
  calendars: NonNullable<Outgoing['calendars']>;
}

/**
 * The mail service in memory, for fast use-case tests: an outbox that takes each key once, as
 * SES behind its idempotency does. What decides whether to write at all (an erased reader, a
 * forgotten or undeliverable address) stays in the mailer, before it, as for the real one.
 */
export const memoryMail = () => {
  const outbox = new Map<string, OutboxMail>();
  const twin = {
    send: async (key, mail) => {
      const first = outbox.get(key);
      if (first) return { messageId: first.messageId };
      const sent: OutboxMail = {
        messageId: `memory-${outbox.size + 1}`,
        relationshipId: mail.relationshipId,
        messageKey: mail.messageKey,
        kind: mail.kind,
        personId: mail.to.personId,
        address: mail.to.email,
        role: mail.role,
        letter: structuredClone(mail.letter),
        calendars: structuredClone(mail.calendars ?? []),
      };
      outbox.set(key, sent);
      return { messageId: sent.messageId };
    },
  } satisfies Mail;
  return {
    ...twin,
    /** Every message taken, in order. */
    outbox: () => [...outbox.values()],
  };
};
