import { IdempotencyItemAlreadyExistsError, IdempotencyItemNotFoundError, IdempotencyRecordStatus } from '@aws-lambda-powertools/idempotency';
import { BasePersistenceLayer, IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';
import { useStore } from './port.ts';
import { memoryStore } from './memory.ts';
import { useSendingRecords } from '#adapters/store/dynamodb/sending-records';

/**
 * Powertools' idempotency records of e-mail sends, in memory: a record is taken under the same
 * condition as DynamoDB's (absent, expired, or left in progress past its lease), so a retried
 * send is answered from its first outcome.
 */
export class MemorySendingRecords extends BasePersistenceLayer {
  private readonly records = new Map<string, IdempotencyRecord>();

  protected async _getRecord(idempotencyKey: string): Promise<IdempotencyRecord> {
    const record = this.records.get(idempotencyKey);
    if (!record) throw new IdempotencyItemNotFoundError();
    return record;
  }

  protected async _putRecord(record: IdempotencyRecord): Promise<void> {
    const now = Date.now();
    const held = this.records.get(record.idempotencyKey);
    const free =
      !held ||
      (held.expiryTimestamp ?? 0) < now / 1000 ||
      (held.getStatus() === IdempotencyRecordStatus.INPROGRESS && held.inProgressExpiryTimestamp !== undefined && held.inProgressExpiryTimestamp < now);
    if (!free) throw new IdempotencyItemAlreadyExistsError(`Failed to put record for already existing idempotency key: ${record.idempotencyKey}`, held);
    this.records.set(record.idempotencyKey, record);
  }

  protected async _updateRecord(record: IdempotencyRecord): Promise<void> {
    const held = this.records.get(record.idempotencyKey);
    this.records.set(
      record.idempotencyKey,
      new IdempotencyRecord({
        idempotencyKey: record.idempotencyKey,
        status: record.getStatus(),
        expiryTimestamp: record.expiryTimestamp,
        inProgressExpiryTimestamp: held?.inProgressExpiryTimestamp,
        responseData: record.responseData ?? held?.responseData,
        payloadHash: record.payloadHash ?? held?.payloadHash,
      }),
    );
  }

  protected async _deleteRecord(record: IdempotencyRecord): Promise<void> {
    this.records.delete(record.idempotencyKey);
  }
}

/**
 * The store and its records of sends in memory from now on, for a local runtime that needs no
 * DynamoDB (tests on the real definitions and handlers where the store is not the subject).
 */
export const useMemoryTwin = () => {
  const store = memoryStore();
  const sendingRecords = new MemorySendingRecords();
  useStore(store);
  useSendingRecords(sendingRecords);
  return {
    /** The store in use, with `scan` for every item of a table as the deployed table holds it. */
    store,
    /** The records of e-mail sends in use: a new build's modules are given the same ones, as a deploy keeps its tables. */
    sendingRecords,
    backToDynamoDb: () => {
      useStore();
      useSendingRecords();
    },
  };
};

export type MemoryTwin = ReturnType<typeof useMemoryTwin>;
