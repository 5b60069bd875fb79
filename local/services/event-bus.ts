import { eventOrder, type RelationshipEvent } from '#domain/events/schemas';
import { SfnServiceError } from '../stepfunctions/errors.ts';
import { startProtocolServer, type ProtocolServer } from '../stepfunctions/server.ts';

/** The local bus's name: the deployed one is `<prefix>-events`. */
export const LOCAL_EVENT_BUS = 'mentoring-events';

/** An event as a rule's target receives it, EventBridge's time beside the program's detail (the account, region and EventBridge's own id aside). */
export type BusEvent = Pick<RelationshipEvent, 'detail-type' | 'source'> & { time: string; detail: RelationshipEvent['detail'] };

export interface LocalEventBus extends Pick<ProtocolServer, 'endpoint' | 'requestHandler'> {
  /** Every event put on the bus, each id once (a retried step's repeat is dropped, as a consumer drops it), in a deterministic order. */
  events(): BusEvent[];
  stop(): Promise<void>;
}

interface Entry {
  EventBusName?: string;
  Source?: string;
  DetailType?: string;
  Detail?: string;
  /** Epoch seconds, as the JSON protocol carries timestamps. */
  Time?: number;
}

/** EventBridge gives `time` to the second. */
const timeOf = (seconds: number | undefined): string => new Date(Math.floor(seconds ?? 0) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * The program's event bus, locally: takes PutEvents from the product's EventBridge client (in
 * this process without a socket, or from a CLI on loopback) and keeps what it took for the run's
 * record. `begin` marks each request in flight, so program time waits for it.
 */
export const startEventBus = async (begin: () => () => void): Promise<LocalEventBus> => {
  const kept = new Map<string, BusEvent>();
  const take = (entry: Entry) => {
    if (entry.EventBusName !== LOCAL_EVENT_BUS)
      return { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${entry.EventBusName} does not exist.` };
    const detail = JSON.parse(entry.Detail ?? '{}') as RelationshipEvent['detail'];
    if (!kept.has(detail.eventId))
      kept.set(detail.eventId, {
        'detail-type': entry.DetailType as BusEvent['detail-type'],
        source: entry.Source as BusEvent['source'],
        time: timeOf(entry.Time),
        detail,
      });
    return { EventId: detail.eventId };
  };
  const server = await startProtocolServer(
    0,
    async (operation, body) => {
      if (operation !== 'PutEvents') throw new SfnServiceError('UnknownOperationException', `Operation not supported locally: ${operation}`);
      const entries = ((body.Entries ?? []) as Entry[]).map(take);
      return { FailedEntryCount: entries.filter((e) => 'ErrorCode' in e).length, Entries: entries };
    },
    begin,
    { targetPrefix: 'AWSEvents.', contentType: 'application/x-amz-json-1.1' },
  );
  return {
    endpoint: server.endpoint,
    requestHandler: server.requestHandler,
    events: () => [...kept.values()].sort((a, b) => eventOrder(a as RelationshipEvent, b as RelationshipEvent)),
    stop: () => server.close(),
  };
};
