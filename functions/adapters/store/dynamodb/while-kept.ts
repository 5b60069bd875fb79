import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { documents, tables } from './client.ts';
import { relationshipKey, personKey } from '../keys.ts';

/**
 * Whose personal data a question or link may hold (names in its page, a person's own link): the
 * relationship and each of its people who were not erased when the handler read them. The record
 * is written only while that still holds, in one transaction with the checks, so a handler that
 * read before `forget` (or the retention erasure) and writes after it writes nothing.
 */
export interface Holders {
  programId: string;
  relationshipId: string;
  personIds: string[];
}

export const stillKept = ({ programId, relationshipId, personIds }: Holders) => [
  {
    ConditionCheck: {
      TableName: tables().mentoring,
      Key: relationshipKey(relationshipId),
      ConditionExpression: 'attribute_not_exists(personalDataErasedAt)',
    },
  },
  ...[...new Set(personIds)].map((personId) => ({
    ConditionCheck: {
      TableName: tables().mentoring,
      Key: personKey(programId, personId),
      ConditionExpression: 'attribute_not_exists(erasedAt)',
    },
  })),
];

export type Guarded = 'written' | 'exists' | 'erased';

/** Which records go in only where none is yet: all, none, or those `ifAbsent` names. */
export type IfAbsent = boolean | ((item: Record<string, unknown>) => boolean);
export const onlyIfAbsent = (ifAbsent: IfAbsent, item: Record<string, unknown>): boolean => (typeof ifAbsent === 'function' ? ifAbsent(item) : ifAbsent);

type Write = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Runs the writes beside the checks: `exists` when a write's own condition failed, `erased` when a holder was erased meanwhile (that decides). */
const whileKept = async (writes: Write[], holders: Holders): Promise<Guarded> => {
  try {
    await documents().send(new TransactWriteCommand({ TransactItems: [...writes, ...stillKept(holders)] }));
    return 'written';
  } catch (error) {
    if ((error as Error).name !== 'TransactionCanceledException') throw error;
    const codes = ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).map((reason) => reason.Code);
    if (codes.slice(writes.length).includes('ConditionalCheckFailed')) return 'erased';
    if (codes.slice(0, writes.length).includes('ConditionalCheckFailed')) return 'exists';
    throw error;
  }
};

/** One conditional write while its holders are kept: `exists` when its own condition did not hold. */
export const writeWhileKept = (write: Write, holders: Holders): Promise<Guarded> => whileKept([write], holders);

/**
 * Puts the records (those `ifAbsent` names only if absent) while their holders are kept. `exists`
 * when such a record was there already, `erased` when a holder was erased meanwhile (that decides).
 */
export const putWhileKept = (
  items: Record<string, unknown>[],
  holders: Holders,
  ifAbsent: IfAbsent,
  TableName: string = tables().responses,
): Promise<Guarded> => {
  const key = TableName === tables().mentoring ? 'pk' : 'id';
  return whileKept(
    items.map((Item) => ({ Put: { TableName, Item, ...(onlyIfAbsent(ifAbsent, Item) ? { ConditionExpression: `attribute_not_exists(${key})` } : {}) } })),
    holders,
  );
};
