import { memoryEvents } from '#adapters/events/memory';
import { eventBusContract } from './events.contract.ts';

const bus = memoryEvents();
eventBusContract('the in-memory bus', () => ({ bus, taken: async () => bus.published() }));
