import type * as bundledOut from '@smithy/core/event-streams';

/**
 * What a function's bundle carries in place of `@smithy/core/event-streams` (an alias in
 * infra/stateless/bundling.ts). A client loads it only for an operation that streams events,
 * and none that a function calls does (DynamoDB, SES, Step Functions): had one, it would fail
 * here, by name, rather than carry the codec into every bundle.
 */
const notBundled = (): never => {
  throw new Error('Event streams are not bundled with this function (infra/stateless/bundling.ts)');
};

export class EventStreamSerde {
  constructor() {
    notBundled();
  }
}

export const eventStreamSerdeProvider: typeof bundledOut.eventStreamSerdeProvider = notBundled;
