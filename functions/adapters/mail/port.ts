import type { Letter } from '#presentation/letters/letters';
import type { Person, Role } from '#domain/model';

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

/** Where a composed letter goes out: SES, or an outbox in memory in fast tests. */
export interface Mail {
  /**
   * Sends the message at most once per key: a second call with the key sends nothing and gets
   * the first one's message id. Throws when nothing went out (SES refused or failed).
   */
  send(key: string, mail: Outgoing): Promise<{ messageId: string }>;
}
