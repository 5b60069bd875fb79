import * as z from 'zod';
import { MEETING_MODES, RATINGS } from '../check-in-details.ts';

/**
 * What the program publishes on its own event bus for the organisation's warehouse, one schema
 * per kind and version: ids, kinds, dates, outcomes and counts, never a name, an address, free
 * text or who asked to end a relationship. Each detail is strict, so nothing else can ride along;
 * `npm run events` writes these as the JSON Schemas in events/schemas/, which the stack registers.
 */
export const EVENT_SOURCE = 'mentoring.relationship';

/** Program, relationship and person ids: lower-case letters, digits and dashes, as enrolment makes them. */
const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/);
const instant = z.iso.datetime();
const count = z.number().int().nonnegative();
const positive = z.number().int().positive();

/** What every event carries, `version` the kind's own. */
const common = <V extends number>(version: V) => ({
  eventId: z
    .string()
    .regex(/^[A-Za-z0-9.:/-]{1,200}$/)
    .describe('The same for every delivery of one event (a retried step publishes it again): keep the first, drop the rest.'),
  version: z.literal(version),
  programId: id,
  relationshipId: id,
  at: instant.describe('When it happened, in program time (UTC).'),
});

const meeting = {
  meetingNo: positive,
  occurrence: positive.describe('Grows by one with every move: each date of a meeting is an occurrence of its own.'),
  startsAt: instant,
};

/** Version 1 of every kind, in the order of a relationship's life: two events at one instant sort this way. */
const V1 = {
  MatchAccepted: z.strictObject({
    ...common(1),
    mentees: positive.describe('Mentees who accepted and go on.'),
    menteesLeft: count.describe("A circle's mentees who declined or did not answer, and left it."),
  }),
  MatchDeclined: z.strictObject({ ...common(1), outcome: z.enum(['declined', 'unanswered']).describe('Never who declined.') }),
  AgreementConfirmed: z.strictObject({
    ...common(1),
    goals: count,
    menteesEndorsed: count.describe('Mentees whose line manager endorsed their goals.'),
    menteesToDiscuss: count.describe('Mentees whose line manager asked to discuss them with the coordinator.'),
    menteesUnanswered: count,
  }),
  MeetingPlanned: z.strictObject({ ...common(1), ...meeting }),
  MeetingHeld: z.strictObject({
    ...common(1),
    ...meeting,
    mode: z.enum(MEETING_MODES).optional(),
    rating: z
      .number()
      .int()
      .min(RATINGS[0])
      .max(RATINGS[RATINGS.length - 1]!)
      .optional(),
  }),
  MeetingMoved: z.strictObject({ ...common(1), ...meeting, movedTo: instant.describe('The new date: occurrence + 1 of the same meeting.') }),
  MeetingNotHeld: z.strictObject({ ...common(1), ...meeting }),
  CheckInUnanswered: z.strictObject({ ...common(1), ...meeting }),
  ReviewDone: z.strictObject({
    ...common(1),
    review: z
      .string()
      .regex(/^[a-z0-9-]{1,32}$/)
      .describe('month-<n>, or final (final-<n> after the n-th extension) for the look back at the end.'),
    final: z.boolean(),
    ratings: count.describe('Goal ratings given.'),
  }),
  AtRiskAlerted: z.strictObject({
    ...common(1),
    reasons: z.array(z.enum(['missed-in-a-row', 'low-rating', 'silent'])).min(1),
    meetingNos: z.array(positive).describe('The meetings the alert names.'),
  }),
  RelationshipPaused: z.strictObject({ ...common(1), pauseNo: positive, plannedUntil: instant.optional() }),
  RelationshipResumed: z.strictObject({ ...common(1), pauseNo: positive, shiftDays: count.describe('Days the rest of the schedule moved on.') }),
  ExtensionDecided: z.strictObject({ ...common(1), round: positive, approved: z.boolean() }),
  RelationshipClosed: z.strictObject({
    ...common(1),
    ending: z.enum(['completed', 'ended-early', 'not-matched']).describe('An early end is without blame: never who asked.'),
    pauses: count,
    extensions: count,
  }),
  FollowedUp: z.strictObject({
    ...common(1),
    held: count.describe('Mentees who said their progress held.'),
    partly: count.describe('… held partly.'),
    slipped: count.describe('… slipped.'),
  }),
  PersonUndeliverable: z.strictObject({
    ...common(1),
    personId: id,
    because: z.enum(['bounce', 'complaint']),
  }),
};

export type EventKind = keyof typeof V1;
export const EVENT_KINDS = Object.keys(V1) as EventKind[];
export type EventDetail<K extends EventKind = EventKind> = z.infer<(typeof V1)[K]>;

/** An event as the program puts it on the bus; EventBridge adds its own envelope (id, time, account, region). */
export interface EventOf<K extends EventKind> {
  source: typeof EVENT_SOURCE;
  'detail-type': K;
  detail: EventDetail<K>;
}
export type RelationshipEvent = { [K in EventKind]: EventOf<K> }[EventKind];

/** The whole event as a rule's target receives it: the envelope is open, the detail is not. */
const envelope = (kind: EventKind, detail: z.ZodType) =>
  z.looseObject({ source: z.literal(EVENT_SOURCE), 'detail-type': z.literal(kind), detail }).meta({
    title: kind,
    'x-amazon-events-source': EVENT_SOURCE,
    'x-amazon-events-detail-type': kind,
  });

/** Every schema the bus carries, by kind and version: a version 2 goes beside its version 1, which stays for consumers still reading it. */
export const EVENT_SCHEMAS = EVENT_KINDS.map((kind) => ({ kind, version: 1, schema: envelope(kind, V1[kind]) }));

/** Where a kind's version is committed, as JSON Schema (draft 4, the schema registry's): events/schemas/<kind>.v<version>.json. */
export const schemaFile = (kind: EventKind, version: number): string => `${kind}.v${version}.json`;

/** The JSON Schema of one kind's version, as the registry takes it. */
export const jsonSchemaOf = (schema: z.ZodType): Record<string, unknown> => z.toJSONSchema(schema, { target: 'draft-4' });

/** A deterministic order for a record of events: by time, relationship, then the order of a relationship's life. */
export const eventOrder = (a: RelationshipEvent, b: RelationshipEvent): number =>
  a.detail.at.localeCompare(b.detail.at) ||
  a.detail.relationshipId.localeCompare(b.detail.relationshipId) ||
  EVENT_KINDS.indexOf(a['detail-type']) - EVENT_KINDS.indexOf(b['detail-type']) ||
  a.detail.eventId.localeCompare(b.detail.eventId);
