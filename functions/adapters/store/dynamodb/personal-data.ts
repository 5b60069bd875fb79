import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ERASED_NAME } from '#domain/people/retention';
import { addressMark, erasureKey } from '#platform/erasure-key';
import { documents, tables, writeIf, updateIf } from './client.ts';
import { deleteKeys } from './removal.ts';
import { normalEmail, queryAll, scanAll } from './relationships.ts';
import { PREFIX, relationshipPk, relationshipKey, programPk, personKey } from '../keys.ts';

/**
 * Erasing personal data, record kind by record kind. Each function changes only what still
 * holds personal data and says how many records it changed, so erasing twice changes nothing
 * the second time. What stays: ids, roles, dates, outcomes, meetings (with mode and rating),
 * the e-mail log (kinds and roles), rematch requests (ids and reasons).
 */

const itemsOf = (relationshipId: string, prefix: string) =>
  queryAll({
    TableName: tables().mentoring,
    KeyConditionExpression: 'pk = :rel AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':rel': relationshipPk(relationshipId), ':prefix': prefix },
  });

/**
 * A person's name and address give way to a placeholder, and the address no longer finds
 * them. The record stays, with its id, time zone and language, so the relationships that
 * name them still read; nobody writes to an erased person.
 */
export const erasePerson = async (programId: string, personId: string, at: string): Promise<{ people: number; emailIndex: number }> => {
  const key = personKey(programId, personId);
  const { Item } = await documents().send(new GetCommand({ TableName: tables().mentoring, Key: key, ConsistentRead: true }));
  if (!Item) return { people: 0, emailIndex: 0 };
  const email = typeof Item.email === 'string' ? Item.email : '';
  // The address's index item first: a retry still finds the address on the person until it is gone.
  const emailIndex =
    email &&
    (await writeIf(
      documents().send(
        new DeleteCommand({
          TableName: tables().mentoring,
          Key: { pk: programPk(programId), sk: `${PREFIX.email}${normalEmail(email)}` },
          ConditionExpression: 'personId = :person',
          ExpressionAttributeValues: { ':person': personId },
        }),
      ),
    ));
  const people = await updateIf({
    TableName: tables().mentoring,
    Key: key,
    UpdateExpression: 'SET #name = :erased, email = :none, erasedAt = :at',
    ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(erasedAt)',
    ExpressionAttributeNames: { '#name': 'name' },
    ExpressionAttributeValues: { ':erased': ERASED_NAME, ':none': '', ':at': at },
  });
  return { people: Number(people), emailIndex: Number(Boolean(emailIndex)) };
};

/**
 * The key of an address's mark: a keyed hash (see erasure-key.ts). Marks from before the key
 * (an unkeyed SHA-256) were only ever written by local runs, whose tables live with their runtime.
 */
const forgottenKey = async (programId: string, email: string) => ({
  pk: programPk(programId),
  sk: `${PREFIX.forgotten}${addressMark(await erasureKey(), programId, normalEmail(email))}`,
});

/** Notes that a person was forgotten, before anything is erased: a second request (or a retry) finds who it was about. */
export const markForgotten = async (programId: string, email: string, personId: string, at: string): Promise<void> => {
  await writeIf(
    documents().send(
      new PutCommand({
        TableName: tables().mentoring,
        Item: { ...(await forgottenKey(programId, email)), personId, forgottenAt: at },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  );
};

export interface Forgotten {
  personId: string;
  forgottenAt: string;
}

const forgottenOf = (item: Record<string, unknown> | undefined): Forgotten | undefined =>
  item ? { personId: String(item.personId), forgottenAt: String(item.forgottenAt) } : undefined;

/** Whether (and when) this address was forgotten in the program: one read. */
export const findForgotten = async (programId: string, email: string): Promise<Forgotten | undefined> => {
  const { Item } = await documents().send(new GetCommand({ TableName: tables().mentoring, Key: await forgottenKey(programId, email), ConsistentRead: true }));
  return forgottenOf(Item);
};

/** Takes an address's mark away, so it may be enrolled again: what the mark said, or undefined when there was none. */
export const removeForgottenMark = async (programId: string, email: string): Promise<Forgotten | undefined> => {
  const { Attributes } = await documents().send(
    new DeleteCommand({ TableName: tables().mentoring, Key: await forgottenKey(programId, email), ReturnValues: 'ALL_OLD' }),
  );
  return forgottenOf(Attributes);
};

/** Whether a person record with this id is stored (an erased one included). */
export const isPersonStored = async (programId: string, personId: string): Promise<boolean> => {
  const { Item } = await documents().send(new GetCommand({ TableName: tables().mentoring, Key: personKey(programId, personId), ProjectionExpression: 'pk' }));
  return Boolean(Item);
};

/** A circle's name is free text a coordinator gave: it goes with the circle's personal data. Returns 1 when it had one. */
export const eraseCircleName = async (relationshipId: string): Promise<number> =>
  Number(
    await updateIf({
      TableName: tables().mentoring,
      Key: relationshipKey(relationshipId),
      UpdateExpression: 'SET circle = :erased',
      ConditionExpression: 'attribute_exists(circle) AND circle <> :erased',
      ExpressionAttributeValues: { ':erased': ERASED_NAME },
    }),
  );

/** What each answer said in words (notes, proposed goals, ratings as given) goes; who answered by role, when and the outcome stay. */
const withoutDetails = async (
  answers: Record<string, { details?: Record<string, unknown> }> | undefined,
  personId: string | undefined,
  update: (paths: string[], names: Record<string, string>) => Promise<boolean>,
): Promise<number> => {
  const people = Object.entries(answers ?? {})
    .filter(([id, answer]) => (!personId || id === personId) && Object.keys(answer.details ?? {}).length > 0)
    .map(([id]) => id);
  if (!people.length) return 0;
  const names = Object.fromEntries(people.map((id, i) => [`#p${i}`, id]));
  return Number(
    await update(
      people.map((_, i) => `answers.#p${i}.details = :none`),
      names,
    ),
  );
};

/** The relationship's saved answers without their details: everyone's, or one person's. Returns the answer records changed. */
export const eraseAnswerDetails = async (relationshipId: string, personId?: string): Promise<number> => {
  let changed = 0;
  for (const item of await itemsOf(relationshipId, PREFIX.answer))
    changed += await withoutDetails(item.answers as never, personId, (paths, names) =>
      updateIf({
        TableName: tables().mentoring,
        Key: { pk: item.pk, sk: item.sk },
        UpdateExpression: `SET ${paths.join(', ')}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ':none': {} },
      }),
    );
  return changed;
};

/** Goals keep their competency, baseline, target, ratings and dates; their text goes. Every mentee's, or one's. */
export const eraseGoalTexts = async (relationshipId: string, menteeId?: string): Promise<number> => {
  let changed = 0;
  for (const item of await itemsOf(relationshipId, menteeId ? `${PREFIX.goal}${menteeId}#` : PREFIX.goal)) {
    if (!item.description) continue;
    const done = await updateIf({
      TableName: tables().mentoring,
      Key: { pk: item.pk, sk: item.sk },
      UpdateExpression: 'SET description = :none',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':none': '' },
    });
    changed += Number(done);
  }
  return changed;
};

/** A forgotten mentee's open requests for another mentor: nobody is to look for one for them. */
export const deleteRematchRequests = async (programId: string, menteeId: string): Promise<number> => {
  const items = await queryAll({
    TableName: tables().mentoring,
    KeyConditionExpression: 'pk = :program AND begins_with(sk, :rematch)',
    ExpressionAttributeValues: { ':program': programPk(programId), ':rematch': `${PREFIX.rematch}${menteeId}#` },
  });
  await Promise.all(items.map((item) => documents().send(new DeleteCommand({ TableName: tables().mentoring, Key: { pk: item.pk, sk: item.sk } }))));
  return items.length;
};

/** Marks an ended relationship's personal data erased, and drops its links to end it (their records go with the questions). */
export const markPersonalDataErased = (relationshipId: string, at: string): Promise<boolean> =>
  updateIf({
    TableName: tables().mentoring,
    Key: relationshipKey(relationshipId),
    UpdateExpression: 'SET personalDataErasedAt = :at REMOVE endLinks',
    ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(personalDataErasedAt)',
    ExpressionAttributeValues: { ':at': at },
  });

/** A question or link record of the responses table, by what it belongs to. */
export interface ResponseRecord {
  id: string;
  kind: 'question' | 'link';
  relationshipId: string;
  /** A link's person. */
  personId?: string;
}

/** Question ids begin with their relationship's id (`rel-….check-in.3.1`). */
export const relationshipOfQuestion = (questionId: string) => questionId.split('.')[0]!;

/**
 * The questions and links of these relationships still in the responses table (they expire
 * 90 days after they close). The table is keyed by question or link alone, so this reads it
 * whole, a page at a time, keeping ids only.
 */
export const listResponseRecords = async (relationshipIds: ReadonlySet<string>): Promise<ResponseRecord[]> => {
  const found: ResponseRecord[] = [];
  if (!relationshipIds.size) return found;
  // Consistent: a question written just before an erasure began must be found and go with the rest.
  for (const item of await scanAll({ TableName: tables().responses, ProjectionExpression: 'id, relationshipId, questionId, personId', ConsistentRead: true })) {
    const id = String(item.id);
    const record: ResponseRecord | undefined = id.startsWith(PREFIX.question)
      ? { id, kind: 'question', relationshipId: String(item.relationshipId) }
      : id.startsWith(PREFIX.link)
        ? { id, kind: 'link', relationshipId: relationshipOfQuestion(String(item.questionId)), personId: String(item.personId) }
        : undefined;
    if (record && relationshipIds.has(record.relationshipId)) found.push(record);
  }
  return found;
};

/** Deletes question and link records; returns how many there were. */
export const deleteResponseRecords = async (ids: string[]): Promise<number> => {
  await deleteKeys(
    tables().responses,
    ids.map((id) => ({ id })),
  );
  return ids.length;
};

/** One person's answer to a question in the responses table, without its details. Returns 1 when it had any. */
export const eraseQuestionAnswer = async (questionRecordId: string, personId: string): Promise<number> => {
  const { Item } = await documents().send(new GetCommand({ TableName: tables().responses, Key: { id: questionRecordId }, ConsistentRead: true }));
  if (!Item) return 0;
  return withoutDetails(Item.answers as never, personId, (paths, names) =>
    updateIf({
      TableName: tables().responses,
      Key: { id: questionRecordId },
      UpdateExpression: `SET ${paths.join(', ')}`,
      ConditionExpression: 'attribute_exists(id)',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ':none': {} },
    }),
  );
};
