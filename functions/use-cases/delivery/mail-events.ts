import type { MailEvent } from '#adapters/mail/mail-events';
import { findPersonIdByEmail, findRelationship, getPeople, listRelationshipsOfPerson, markUndeliverable, markUndeliverableReported } from '#adapters/store';
import type { Person } from '#domain/model';
import { isUndeliverableNews, takesPart } from '#domain/people/delivery';
import { clock } from '#platform/clock';
import { logger } from '#platform/logger';
import { loadRelationship } from '#use-cases/relationship/relationship-context';
import { coordinator, undeliverableLetter, writeTo, type Stalled } from '#use-cases/relationship/write-to';
import { publish } from '#adapters/events/port';
import { personUndeliverable } from '#domain/events/events';

/** What one event changed: people newly marked undeliverable, and letters that went to coordinators. */
export interface MailEventOutcome {
  marked: number;
  letters: number;
  /** Addresses the relationship's program does not know (any more): nobody to mark. */
  unknown: number;
  ignored?: 'not-permanent' | 'unknown-relationship';
}

/** Every open relationship the person's silence stalls, by coordinator, each list in order of relationship id. */
const stalledByCoordinator = async (person: Person): Promise<Map<string, Stalled[]>> => {
  const memberships = await listRelationshipsOfPerson(person.personId);
  const byCoordinator = new Map<string, Stalled[]>();
  const coordinating: string[] = [];
  for (const relationshipId of [...new Set(memberships.map((m) => m.relationshipId))].sort()) {
    const context = await loadRelationship(relationshipId);
    if (context.relationship.status === 'closed' || context.relationship.programId !== person.programId) continue;
    const roles = memberships.filter((m) => m.relationshipId === relationshipId).map((m) => m.role);
    if (roles.includes('coordinator')) coordinating.push(relationshipId);
    const role = roles.find((r) => r !== 'coordinator' && takesPart(context.relationship, person.personId, r));
    if (!role) continue;
    const key = context.relationship.coordinatorId;
    byCoordinator.set(key, [...(byCoordinator.get(key) ?? []), { context, role }]);
  }
  // Nobody to write to about a coordinator's own address: the alarm on bounces and this log line say it.
  if (coordinating.length) logger.warn('coordinator address undeliverable', { personId: person.personId, relationshipIds: coordinating });
  return byCoordinator;
};

/**
 * Tells each coordinator concerned, in one letter, every open relationship of this person that
 * their silence stalls; then notes it on the person, so a later event tells nobody again. The
 * letter goes in the mail log of the coordinator's first such relationship, keyed by the person:
 * a retried event finds it sent and sends nothing.
 */
const tellCoordinators = async (person: Person): Promise<number> => {
  const because = person.undeliverableBecause ?? 'refused';
  let letters = 0;
  for (const stalled of (await stalledByCoordinator(person)).values()) {
    const anchor = stalled[0]!.context;
    letters += await writeTo(
      anchor,
      coordinator(anchor),
      'undeliverable',
      () => person.personId,
      (reader) => undeliverableLetter(reader, person, because, stalled),
    );
  }
  await markUndeliverableReported(person.programId, person.personId, clock().now().toISOString());
  return letters;
};

/**
 * A message bounced for good, or its reader marked it as spam: each address concerned is found in
 * the program of the message's relationship and marked undeliverable (nothing more is sent to it),
 * and their coordinators hear once which relationships stall. Idempotent: the first event for an
 * address decides; a repeated or later one changes nothing and writes nothing. An address an
 * earlier build marked `refused` is left alone until an operator clears it.
 */
export const recordMailEvent = async (event: MailEvent): Promise<MailEventOutcome> => {
  const outcome: MailEventOutcome = { marked: 0, letters: 0, unknown: 0 };
  const ids = { eventId: event.eventId, relationshipId: event.relationshipId, kind: event.kind, type: event.type };
  if (!event.permanent) {
    logger.info('mail event ignored: a transient bounce', ids);
    return { ...outcome, ignored: 'not-permanent' };
  }
  const relationship = await findRelationship(event.relationshipId);
  if (!relationship) {
    logger.warn('mail event ignored: its relationship is not stored', ids);
    return { ...outcome, ignored: 'unknown-relationship' };
  }
  for (const address of event.addresses) {
    const personId = await findPersonIdByEmail(relationship.programId, address);
    const stored = personId && (await getPeople(relationship.programId, [personId])).get(personId);
    // Erased or never enrolled in this program: nobody left to mark or to write about.
    if (!stored || stored.erasedAt) {
      outcome.unknown += 1;
      logger.info('mail event for an address the program does not know', ids);
      continue;
    }
    const since = clock().now().toISOString();
    const marked = await markUndeliverable(stored.programId, stored.personId, since, event.type);
    const person: Person = marked ? { ...stored, undeliverableSince: since, undeliverableBecause: event.type } : stored;
    if (marked) outcome.marked += 1;
    if (!isUndeliverableNews(person)) {
      logger.info('mail event for an address already undeliverable', { ...ids, personId: person.personId });
      continue;
    }
    // Before the report is noted: a retry after a failed publish finds the news still to tell, and publishes again.
    await publish(personUndeliverable(relationship, person, clock().now()));
    const letters = await tellCoordinators(person);
    outcome.letters += letters;
    logger.warn('address undeliverable', { ...ids, personId: person.personId, because: person.undeliverableBecause, lettersToCoordinators: letters });
  }
  return outcome;
};
