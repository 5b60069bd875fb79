import type { RelationshipEvent } from '#domain/events/schemas';
import type { EventBus } from './port.ts';

/** The event bus in memory, for fast use-case tests: each event id kept once, as a consumer keeps it. */
export const memoryEvents = () => {
  const kept = new Map<string, RelationshipEvent>();
  const twin = {
    put: async (events) => {
      for (const event of events) if (!kept.has(event.detail.eventId)) kept.set(event.detail.eventId, structuredClone(event));
    },
  } satisfies EventBus;
  return {
    ...twin,
    /** Every event published, once each, in the order they first came. */
    published: () => [...kept.values()],
  };
};
