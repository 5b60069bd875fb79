import { EventBridgeClient, PutEventsCommand, type PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import type { RelationshipEvent } from '#domain/events/schemas';
import { clientSettings, once } from '#platform/aws';
import { setting } from '#platform/environment';
import { TransientFailure } from '#platform/transient';

const client = once(() => new EventBridgeClient(clientSettings(setting('EVENTBRIDGE_ENDPOINT'))));

/** PutEvents takes at most ten entries a call. */
export const PUT_EVENTS_MAX = 10;

/** Entry errors that say the event itself is wrong, not that EventBridge was busy: trying again changes nothing. */
const FINAL = new Set(['ValidationException', 'MalformedDetail', 'AccessDeniedException', 'NotAuthorizedForSourceException']);

/** The events a program publishes failed to go out for good: a failed task an operator looks at. */
export class EventsNotPublished extends Error {
  override name = 'EventsNotPublished';
}

const failureOf = (entries: PutEventsResultEntry[], sent: number): Error => {
  const codes = [...new Set(entries.flatMap((e) => (e.ErrorCode ? [e.ErrorCode] : [])))].sort();
  const message = `EventBridge did not take ${entries.filter((e) => e.ErrorCode).length} of ${sent} events (${codes.join(', ')})`;
  return codes.some((code) => FINAL.has(code)) ? new EventsNotPublished(message) : new TransientFailure(message);
};

/**
 * The program's own bus (EVENT_BUS_NAME), ten events a call. An entry it did not take fails the
 * step: a throttle or an internal failure as TransientFailure, which the state machine retries,
 * republishing all of them under the same ids.
 */
export const putOnEventBridge = async (events: readonly RelationshipEvent[]): Promise<void> => {
  for (let i = 0; i < events.length; i += PUT_EVENTS_MAX) {
    const batch = events.slice(i, i + PUT_EVENTS_MAX);
    const answer = await client().send(
      new PutEventsCommand({
        Entries: batch.map((event) => ({
          EventBusName: setting('EVENT_BUS_NAME'),
          Source: event.source,
          DetailType: event['detail-type'],
          Detail: JSON.stringify(event.detail),
          Time: new Date(event.detail.at),
        })),
      }),
    );
    if (answer.FailedEntryCount) throw failureOf(answer.Entries ?? [], batch.length);
  }
};
