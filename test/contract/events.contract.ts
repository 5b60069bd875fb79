import { expect, test } from 'vitest';
import type { EventBus } from '#adapters/events/port';
import { checkInRecorded, meetingPlanned, relationshipClosed } from '#domain/events/events';
import type { RelationshipEvent } from '#domain/events/schemas';

/** A bus as its consumer sees it: every event it took, each id once. */
export interface EventBusUnderTest {
  bus: EventBus;
  taken(): Promise<RelationshipEvent[]>;
}

const at = new Date('2027-02-01T14:24:00.000Z');
/** A relationship's meetings planned and held, and its end: 2n + 1 events. */
const aYear = (relationshipId: string, meetings: number): RelationshipEvent[] => {
  const r = { relationshipId, programId: 'events-contract', pauses: [], extensions: 0 };
  const events: RelationshipEvent[] = [];
  for (let n = 1; n <= meetings; n++) {
    const meeting = { meetingNo: n, occurrence: 1, startsAt: new Date(at.getTime() + n * 7 * 86_400_000).toISOString() };
    events.push(meetingPlanned(r, meeting, at), checkInRecorded(r, meeting, { outcome: 'held', held: { mode: 'phone' } }, at));
  }
  return [...events, relationshipClosed(r, 'completed', at)];
};

/** What every bus does, EventBridge (the local runtime's) or the list in memory: each event taken, a repeat kept once. */
export const eventBusContract = (name: string, service: () => EventBusUnderTest): void => {
  let made = 0;
  const ids = (events: RelationshipEvent[]) => events.map((e) => e.detail.eventId).sort();

  test(`${name}: a step's events are all taken, however many, as they were put`, async () => {
    const events = aYear(`rel-contract${++made}`, 11);
    expect(events).toHaveLength(23);
    await service().bus.put(events);
    const taken = (await service().taken()).filter((e) => e.detail.relationshipId === events[0]!.detail.relationshipId);
    expect(ids(taken)).toEqual(ids(events));
    // A bus may add its own envelope (EventBridge its time), never change what was put.
    expect(taken.find((e) => e['detail-type'] === 'MeetingHeld')).toMatchObject(events[1]!);
  });

  test(`${name}: a retried step's events come again and are kept once`, async () => {
    const events = aYear(`rel-contract${++made}`, 2);
    await service().bus.put(events);
    await service().bus.put(events.map((e) => ({ ...e, detail: { ...e.detail, at: '2027-02-01T14:25:00.000Z' } }) as RelationshipEvent));
    const taken = (await service().taken()).filter((e) => e.detail.relationshipId === events[0]!.detail.relationshipId);
    expect(ids(taken)).toEqual(ids(events));
    expect(taken.every((e) => e.detail.at === at.toISOString())).toBe(true);
  });
};
