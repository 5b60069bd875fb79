import { BatchWriteCommand, type BatchWriteCommandInput, type BatchWriteCommandOutput } from '@aws-sdk/lib-dynamodb';
import { documents, tables } from './client.ts';
import { queryAll } from './relationships.ts';
import { relationshipPk, programPk } from '../keys.ts';

/** How many records of each kind went: `PERSON`, `REL`, `MAIL`, … as the sort keys begin. */
export type RemovedRecords = Record<string, number>;

/** Deletes the records by key, 25 at a time as BatchWriteItem takes them. */
export const deleteKeys = async (TableName: string, keys: Record<string, unknown>[]): Promise<void> => {
  // BatchWriteItem takes 25 at a time; what it leaves unprocessed is sent again.
  for (let i = 0; i < keys.length; i += 25) {
    let requests: BatchWriteCommandInput['RequestItems'] = { [TableName]: keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } })) };
    while (requests && Object.keys(requests).length) {
      const sent: BatchWriteCommandOutput = await documents().send(new BatchWriteCommand({ RequestItems: requests }));
      requests = sent.UnprocessedItems;
    }
  }
};

/**
 * Removes a program outright: every record of it and of the relationships named (the program,
 * its people and their address index, its relationships with their members, meetings, answers
 * and e-mail log). Only for a throwaway program: a real one's records are erased, never removed.
 */
export const removeProgramRecords = async (programId: string, relationshipIds: string[]): Promise<RemovedRecords> => {
  const removed: RemovedRecords = {};
  for (const pk of [programPk(programId), ...relationshipIds.map((id) => relationshipPk(id))]) {
    const items = await queryAll({
      TableName: tables().mentoring,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ProjectionExpression: 'pk, sk',
    });
    for (const { sk } of items) {
      const kind = String(sk).split('#')[0]!;
      removed[kind] = (removed[kind] ?? 0) + 1;
    }
    await deleteKeys(
      tables().mentoring,
      items.map(({ pk: p, sk }) => ({ pk: p, sk })),
    );
  }
  return removed;
};
