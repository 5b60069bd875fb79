import type { RelationshipEvent } from '#domain/events/schemas';
import { putOnEventBridge } from './eventbridge.ts';

/** Where relationship events go: the program's EventBridge bus (the local runtime's own on loopback), or a list in memory in fast tests. */
export interface EventBus {
  /** Puts the events on the bus, all or none as far as a retry goes: throws when any was not taken, so the step runs again. */
  put(events: readonly RelationshipEvent[]): Promise<void>;
}

const eventBridge: EventBus = { put: putOnEventBridge };
let current = eventBridge;

/** The bus used from now on; none: EventBridge again. */
export const useEvents = (bus: EventBus = eventBridge): void => {
  current = bus;
};

/** Publishes a step's events, at least once: a retried step publishes them again under the same ids. */
export const publish = (...events: RelationshipEvent[]): Promise<void> => (events.length ? current.put(events) : Promise.resolve());
