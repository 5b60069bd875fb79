import type { TFunction } from 'i18next';
import { sendOnce, type Outgoing } from '#adapters/mail/mailer';
import type { Letter } from '#presentation/letters/letters';
import type { Person, Role, Undeliverable } from '#domain/model';
import { translator } from '#presentation/messages/index';
import { offersEndLink } from '#domain/endings';
import { responseUrl } from '#presentation/pages/links';
import type { RelationshipContext } from './relationship-context.ts';

/** Who a letter is about besides its reader: the mentee's mentor, the mentor's mentee or circle, the manager's mentee. */
export type Partner = Pick<Person, 'personId' | 'name'>;

export interface Recipient {
  person: Person;
  role: Role;
  partner: Partner;
}

export interface Reader extends Recipient {
  t: TFunction;
}

/** "Sari, Tomasz and Giulia", in the reader's language. */
export const namesOf = (people: Pick<Person, 'name'>[], locale: string): string =>
  new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(people.map((p) => p.name));

/** A circle's mentees as one partner for the mentor; a pair's mentee as themself. */
export const menteesAsPartner = (context: RelationshipContext, locale: string): Partner =>
  context.mentees.length === 1 ? context.mentees[0]! : { personId: 'circle', name: namesOf(context.mentees, locale) };

/** Mentor and mentees, each with the other side as partner: most letters go to all of them. */
export const members = (context: RelationshipContext): Recipient[] => [
  { person: context.mentor, role: 'mentor', partner: menteesAsPartner(context, context.mentor.locale) },
  ...context.mentees.map((mentee) => ({ person: mentee, role: 'mentee' as const, partner: context.mentor })),
];

/** Each mentee's line manager, about that mentee: a manager of two mentees reads two letters. */
export const managers = (context: RelationshipContext): Recipient[] =>
  context.mentees.map((mentee) => ({ person: context.managerOf(mentee.personId), role: 'manager' as const, partner: mentee }));

export const coordinator = (context: RelationshipContext, about: Partner = menteesAsPartner(context, context.coordinator.locale)): Recipient[] => [
  { person: context.coordinator, role: 'coordinator', partner: about },
];

/**
 * Writes one letter to each reader, in their own language, once per message key: a retried
 * step sends nothing twice. `write` gives what differs; greeting, signature and footer are
 * the program's. Returns how many letters went out now.
 */
export const writeTo = async (
  context: RelationshipContext,
  readers: Recipient[],
  kind: string,
  messageKey: (reader: Reader) => string,
  write: (reader: Reader) => Pick<Letter, 'subject' | 'paragraphs' | 'actions' | 'also' | 'closing'> & { calendars?: Outgoing['calendars'] },
): Promise<number> => {
  const common = { program: context.program.name, coordinator: context.coordinator.name };
  const { endLinks } = context.relationship;
  const { coordinator: coordinatorOf } = context;
  // Replies reach a person: the coordinator, while their address is kept.
  const replyTo = coordinatorOf.email && !coordinatorOf.erasedAt ? { name: coordinatorOf.name, address: coordinatorOf.email } : undefined;
  let sent = 0;
  for (const { person, role, partner } of readers) {
    const t = translator(person.locale);
    const reader = { person, role, partner, t };
    const { calendars, ...content } = write(reader);
    const endLink = endLinks?.[person.personId];
    const delivery = await sendOnce({
      relationshipId: context.relationship.relationshipId,
      // Per reader and, for a manager of several mentees, per mentee.
      messageKey: `${kind}/${messageKey(reader)}/${person.personId}${role === 'manager' ? `/${partner.personId}` : ''}`,
      kind,
      to: person,
      role,
      senderName: context.program.name,
      ...(replyTo && role !== 'coordinator' ? { replyTo } : {}),
      calendars,
      letter: {
        lang: person.locale,
        greeting: t('greeting', { name: person.name }),
        // The coordinator is not signed off by themself, nor told to reply to reach themself.
        signature: t(role === 'coordinator' ? 'coordinatorSignature' : 'signature', common),
        footer: t(role === 'coordinator' ? 'coordinatorFooter' : 'footer', common),
        ...(replyTo && role !== 'coordinator' ? { contact: t('contact', { coordinator: replyTo.name, address: replyTo.address }) } : {}),
        ...(endLink &&
        offersEndLink(context.relationship, { ending: context.ending, role, stillIn: context.mentees.some((m) => m.personId === person.personId) })
          ? { footerLink: { label: t('endRelationship.footer'), url: responseUrl(endLink) } }
          : {}),
        ...content,
      },
    });
    // An undeliverable reader is skipped: their bounce or complaint was told to the coordinator by the mail events' use case.
    if (delivery === 'sent') sent += 1;
  }
  return sent;
};

/** A relationship an undeliverable person's silence stalls, and their role in it. */
export interface Stalled {
  context: RelationshipContext;
  role: Role;
}

/**
 * The coordinator's letter about an undeliverable person: why nothing more reaches them (bounced,
 * or their own complaint) and each relationship of theirs it stalls, by mentee, mentor and id.
 */
export const undeliverableLetter = (
  { t, person: reader }: Reader,
  person: Person,
  because: Undeliverable,
  stalled: Stalled[],
): Pick<Letter, 'subject' | 'paragraphs'> => {
  const menteesOf = (context: RelationshipContext) => namesOf(context.mentees, reader.locale);
  const names = { person: person.name, address: person.email, mentee: menteesOf(stalled[0]!.context), count: stalled.length };
  const lines = stalled.map(({ context, role }) =>
    t('undeliverable.relationship', {
      mentee: menteesOf(context),
      mentor: context.mentor.name,
      person: person.name,
      role: t(`undeliverable.role.${role}`),
      relationshipId: context.relationship.relationshipId,
    }),
  );
  return {
    subject: t(because === 'complaint' ? 'undeliverable.complaintSubject' : 'undeliverable.subject', names),
    paragraphs: [
      t(`undeliverable.${because}`, names),
      [t('undeliverable.relationships', { count: stalled.length }), ...lines].join('\n'),
      t('undeliverable.stalls', names),
      t(because === 'complaint' ? 'undeliverable.nextComplaint' : 'undeliverable.next', names),
    ],
  };
};

export const writeToMembers = (
  context: RelationshipContext,
  kind: string,
  messageKey: (reader: Reader) => string,
  write: Parameters<typeof writeTo>[4],
): Promise<number> => writeTo(context, members(context), kind, messageKey, write);
