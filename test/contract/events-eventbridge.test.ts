import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { EventBridgeClient, type PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { putOnEventBridge, EventsNotPublished, PUT_EVENTS_MAX } from '#adapters/events/eventbridge';
import { meetingPlanned } from '#domain/events/events';
import type { RelationshipEvent } from '#domain/events/schemas';
import { forgetClients, useEndpointSettings } from '#platform/aws';
import { TransientFailure } from '#platform/transient';
import { loopbackSettings } from '#local/services/loopback';
import { LOCAL_EVENT_BUS, startEventBus, type LocalEventBus } from '#local/services/event-bus';
import { eventBusContract } from './events.contract.ts';

/** The product's PutEvents against the local runtime's bus, on loopback as a CLI reaches it. */
const SETTINGS = ['EVENTBRIDGE_ENDPOINT', 'EVENT_BUS_NAME'] as const;
const before = Object.fromEntries(SETTINGS.map((key) => [key, process.env[key]]));
let bus: LocalEventBus;

beforeAll(async () => {
  bus = await startEventBus(() => () => {});
  Object.assign(process.env, { EVENTBRIDGE_ENDPOINT: bus.endpoint, EVENT_BUS_NAME: LOCAL_EVENT_BUS });
  useEndpointSettings(loopbackSettings);
  forgetClients();
});

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(async () => {
  await bus?.stop();
  for (const key of SETTINGS)
    if (before[key] === undefined) delete process.env[key];
    else process.env[key] = before[key];
  useEndpointSettings(undefined);
  forgetClients();
});

eventBusContract('EventBridge', () => ({
  bus: { put: putOnEventBridge },
  taken: async () => bus.events() as RelationshipEvent[],
}));

const planned = (relationshipId: string, count: number) =>
  Array.from({ length: count }, (_, i) =>
    meetingPlanned(
      { relationshipId, programId: 'events-contract' },
      { meetingNo: i + 1, occurrence: 1, startsAt: '2027-03-01T09:00:00.000Z' },
      new Date('2027-02-01T00:00:00Z'),
    ),
  );

describe('EventBridge, as the product calls it', () => {
  test('takes ten events a call, the most PutEvents allows', async () => {
    const sent = vi.spyOn(EventBridgeClient.prototype, 'send');
    await putOnEventBridge(planned('rel-batches', 23));
    expect(sent.mock.calls.map(([command]) => (command as PutEventsCommand).input.Entries!.length)).toEqual([PUT_EVENTS_MAX, PUT_EVENTS_MAX, 3]);
    expect(bus.events().filter((e) => e.detail.relationshipId === 'rel-batches')).toHaveLength(23);
  });

  test('an event it was too busy to take fails the step as TransientFailure, which the state machine retries; one it refuses fails it for good', async () => {
    const events = planned('rel-partly', 3);
    const answer = (ErrorCode: string) => ({
      FailedEntryCount: 1,
      Entries: [{ EventId: 'a' }, { ErrorCode, ErrorMessage: 'no' }, { EventId: 'c' }],
      $metadata: {},
    });
    vi.spyOn(EventBridgeClient.prototype, 'send').mockResolvedValueOnce(answer('ThrottlingException') as never);
    const busy = await putOnEventBridge(events).catch((error: unknown) => error);
    expect(busy).toBeInstanceOf(TransientFailure);
    expect((busy as Error).message).toBe('EventBridge did not take 1 of 3 events (ThrottlingException)');

    vi.spyOn(EventBridgeClient.prototype, 'send').mockResolvedValueOnce(answer('MalformedDetail') as never);
    await expect(putOnEventBridge(events)).rejects.toBeInstanceOf(EventsNotPublished);

    // The retry puts them all again, under the same ids.
    await putOnEventBridge(events);
    expect(bus.events().filter((e) => e.detail.relationshipId === 'rel-partly')).toHaveLength(3);
  });

  test('a bus that does not exist takes nothing, and says so', async () => {
    process.env.EVENT_BUS_NAME = 'another-program-events';
    try {
      await expect(putOnEventBridge(planned('rel-nowhere', 1))).rejects.toThrow('EventBridge did not take 1 of 1 events (ResourceNotFoundException)');
    } finally {
      process.env.EVENT_BUS_NAME = LOCAL_EVENT_BUS;
    }
  });
});
