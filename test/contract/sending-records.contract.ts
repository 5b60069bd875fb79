import { randomUUID } from 'node:crypto';
import { IdempotencyAlreadyInProgressError, IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { describe, expect, test } from 'vitest';

/**
 * What the sending functions count on from the records of sends, DynamoDB's and the twin's
 * alike: a send runs once per key, a retry gets the first outcome back, a send still under
 * way is not started twice, and a failed send may be tried again.
 */
const deferred = () => {
  let resolve = () => {};
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
};

export const sendingRecordsContract = (name: string, records: () => BasePersistenceLayer) =>
  describe(`${name}: records of sends`, () => {
    /** A send that, once started, waits for `finish`, and fails while `failing`. */
    const sender = () => {
      const sent: string[] = [];
      let finish = () => {};
      let started = deferred();
      const state = { failing: false };
      const send = makeIdempotent(
        async ({ key }: { key: string }) => {
          if (state.failing) throw new Error('SES refused the message');
          const finished = new Promise<void>((resolve) => (finish = resolve));
          started.resolve();
          await finished;
          sent.push(key);
          return { messageId: `message-${sent.length}` };
        },
        { persistenceStore: records(), config: new IdempotencyConfig({ eventKeyJmesPath: 'key' }) },
      );
      return {
        send,
        sent,
        state,
        /** Waits until a send is under way, then lets it finish. */
        finishSend: async () => {
          await started.promise;
          started = deferred();
          finish();
        },
        started: () => started.promise,
      };
    };

    test('a send runs once per key; a retry gets the first outcome back and sends nothing', async () => {
      const { send, sent, finishSend } = sender();
      const key = randomUUID();
      const first = send({ key });
      await finishSend();
      expect(await first).toEqual({ messageId: 'message-1' });
      expect(await send({ key })).toEqual({ messageId: 'message-1' });
      expect(sent).toEqual([key]);
    });

    test('a send still under way is not started again', async () => {
      const { send, sent, started, finishSend } = sender();
      const key = randomUUID();
      const first = send({ key });
      await started();
      await expect(send({ key })).rejects.toThrow(IdempotencyAlreadyInProgressError);
      await finishSend();
      await first;
      expect(sent).toEqual([key]);
    });

    test('a failed send leaves nothing behind: the next try sends', async () => {
      const { send, sent, state, finishSend } = sender();
      const key = randomUUID();
      state.failing = true;
      await expect(send({ key })).rejects.toThrow('SES refused the message');
      state.failing = false;
      const retry = send({ key });
      await finishSend();
      expect(await retry).toEqual({ messageId: 'message-1' });
      expect(sent).toEqual([key]);
    });
  });
