import type { TFunction } from 'i18next';
import { sendOnce, type Outgoing } from '#core/mailer';
import type { Letter } from '#core/letters';
import type { Person, Role } from '#core/model';
import { translator } from '#core/messages/index';
import type { RelationshipContext } from '#core/relationship-context';

export interface Reader {
  person: Person;
  role: Role;
  partner: Person;
  t: TFunction;
}

/** Mentor and mentee, each with the other as partner: most letters go to both. */
export const thePair = ({ mentor, mentee }: RelationshipContext) => [
  { person: mentor, role: 'mentor' as const, partner: mentee },
  { person: mentee, role: 'mentee' as const, partner: mentor },
];

/**
 * Writes one letter to each reader, in their own language, once per message key: a retried
 * step sends nothing twice. `write` gives what differs; greeting, signature and footer are
 * the program's. Returns how many letters went out now.
 */
export const writeTo = async (
  context: RelationshipContext,
  readers: { person: Person; role: Role; partner: Person }[],
  kind: string,
  messageKey: (reader: Reader) => string,
  write: (reader: Reader) => Pick<Letter, 'subject' | 'paragraphs' | 'actions'> & { calendar?: Outgoing['calendar'] },
): Promise<number> => {
  const common = { program: context.program.name, coordinator: context.coordinator.name };
  let sent = 0;
  for (const { person, role, partner } of readers) {
    const t = translator(person.locale);
    const reader = { person, role, partner, t };
    const { calendar, ...content } = write(reader);
    const ok = await sendOnce({
      relationshipId: context.relationship.relationshipId,
      messageKey: `${kind}/${messageKey(reader)}/${person.personId}`,
      kind,
      to: person,
      role,
      senderName: context.program.name,
      calendar,
      letter: {
        greeting: t('greeting', { name: person.name }),
        // The coordinator is not signed off by themself, nor told to reply to reach themself.
        signature: t(role === 'coordinator' ? 'coordinatorSignature' : 'signature', common),
        footer: t(role === 'coordinator' ? 'coordinatorFooter' : 'footer', common),
        ...content,
      },
    });
    if (ok) sent += 1;
  }
  return sent;
};

export const writeToThePair = (
  context: RelationshipContext,
  kind: string,
  messageKey: (reader: Reader) => string,
  write: Parameters<typeof writeTo>[4],
): Promise<number> => writeTo(context, thePair(context), kind, messageKey, write);
