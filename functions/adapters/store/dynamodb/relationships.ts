import { BatchGetCommand, GetCommand, QueryCommand, ScanCommand, TransactWriteCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Phase } from '#domain/lifecycle/phases';
import type { Mentee, Person, Relationship, Role, Undeliverable } from '#domain/model';
import { documents, isConditionFailure, tables, updateIf } from './client.ts';
import { PREFIX, relationshipPk, relationshipKey, programPk, personSk, personKey, rematchKey } from '../keys.ts';

/** How an address is stored and looked up: trimmed, lower case. */
export const normalEmail = (email: string) => email.trim().toLowerCase();

export const findPersonIdByEmail = async (programId: string, email: string): Promise<string | undefined> => {
  const { Item } = await documents().send(
    new GetCommand({ TableName: tables().mentoring, Key: { pk: programPk(programId), sk: `${PREFIX.email}${normalEmail(email)}` } }),
  );
  return Item?.personId as string | undefined;
};

export const findRelationshipIdOfMentee = async (programId: string, menteeId: string): Promise<string | undefined> => {
  const { Item } = await documents().send(
    new GetCommand({ TableName: tables().mentoring, Key: { pk: programPk(programId), sk: `${PREFIX.mentee}${menteeId}` } }),
  );
  return Item?.relationshipId as string | undefined;
};

export class AlreadyEnrolled extends Error {
  override name = 'AlreadyEnrolled';
}

/** Every role someone plays in a relationship, for the by-person index. */
export const membersOf = (relationship: Relationship): [Role, string][] => [
  ['mentor', relationship.mentorId],
  ['coordinator', relationship.coordinatorId],
  ...relationship.mentees.flatMap((m): [Role, string][] => [
    ['mentee', m.personId],
    ['manager', m.managerId],
  ]),
];

/**
 * Stores a relationship and any of its people not yet stored, all or nothing. The e-mail and
 * mentee index items make a second enrolment of the same person or mentee fail its condition.
 * A rematch (`rematchOf`) takes its mentee over from the relationship that ended: the index
 * moves only while it still names that one, the ended relationship names the new one, and the
 * mentee's open rematch request (`closesRequest`) is marked taken up, in the same transaction.
 */
export const saveEnrolment = async (relationship: Relationship, newPeople: Person[], { closesRequest = false } = {}): Promise<void> => {
  const TableName = tables().mentoring;
  const notThere = 'attribute_not_exists(pk)';
  const { rematchOf } = relationship;
  const menteeIndex = rematchOf
    ? { ConditionExpression: `${notThere} OR relationshipId = :ended`, ExpressionAttributeValues: { ':ended': rematchOf } }
    : { ConditionExpression: notThere };
  const rematched = rematchOf
    ? [
        {
          Update: {
            TableName,
            Key: relationshipKey(rematchOf),
            UpdateExpression: 'SET rematchedAs = list_append(if_not_exists(rematchedAs, :none), :these)',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: {
              ':none': [],
              ':these': relationship.mentees.map((m) => ({ menteeId: m.personId, relationshipId: relationship.relationshipId })),
            },
          },
        },
        ...(closesRequest
          ? relationship.mentees.map((m) => ({
              Update: {
                TableName,
                Key: rematchKey(relationship.programId, m.personId, rematchOf),
                UpdateExpression: 'SET #status = :rematched, rematchedAs = :new',
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':rematched': 'rematched', ':new': relationship.relationshipId },
              },
            }))
          : []),
      ]
    : [];
  // One item per person and role: a manager of two mentees in a circle is one member.
  const members = [...new Map(membersOf(relationship).map(([role, personId]) => [`${role}#${personId}`, [role, personId] as const])).values()];
  try {
    await documents().send(
      new TransactWriteCommand({
        TransactItems: [
          ...newPeople.flatMap((person) => [
            { Put: { TableName, Item: { ...personKey(person.programId, person.personId), ...person }, ConditionExpression: notThere } },
            {
              Put: {
                TableName,
                Item: { pk: programPk(person.programId), sk: `${PREFIX.email}${normalEmail(person.email)}`, personId: person.personId },
                ConditionExpression: notThere,
              },
            },
          ]),
          ...relationship.mentees.map((mentee) => ({
            Put: {
              TableName,
              Item: { pk: programPk(relationship.programId), sk: `${PREFIX.mentee}${mentee.personId}`, relationshipId: relationship.relationshipId },
              ...menteeIndex,
            },
          })),
          ...rematched,
          {
            Put: {
              TableName,
              Item: {
                ...relationshipKey(relationship.relationshipId),
                gsi1pk: programPk(relationship.programId),
                gsi1sk: relationshipPk(relationship.relationshipId),
                ...relationship,
              },
              ConditionExpression: notThere,
            },
          },
          ...members.map(([role, personId]) => ({
            Put: {
              TableName,
              Item: {
                pk: relationshipPk(relationship.relationshipId),
                sk: `${PREFIX.member}${role}#${personId}`,
                gsi1pk: personSk(personId),
                gsi1sk: relationshipPk(relationship.relationshipId),
                role,
                personId,
              },
            },
          })),
        ],
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw new AlreadyEnrolled(`relationship ${relationship.relationshipId} or one of its people is already enrolled`);
    throw error;
  }
};

/** The relationship, or undefined when no relationship has this id. */
export const findRelationship = async (relationshipId: string): Promise<Relationship | undefined> => {
  const { Item } = await documents().send(new GetCommand({ TableName: tables().mentoring, Key: relationshipKey(relationshipId), ConsistentRead: true }));
  if (!Item) return undefined;
  const { pk, sk, gsi1pk, gsi1sk, ...relationship } = Item;
  return relationship as Relationship;
};

export const getRelationship = async (relationshipId: string): Promise<Relationship> => {
  const relationship = await findRelationship(relationshipId);
  if (!relationship) throw new Error(`Relationship ${relationshipId} is not stored`);
  return relationship;
};

export const getPeople = async (programId: string, personIds: string[]): Promise<Map<string, Person>> => {
  const unique = [...new Set(personIds)];
  const people = new Map<string, Person>();
  // BatchGetItem takes 100 keys at a time.
  for (let i = 0; i < unique.length; i += 100) {
    const { Responses } = await documents().send(
      new BatchGetCommand({ RequestItems: { [tables().mentoring]: { Keys: unique.slice(i, i + 100).map((id) => personKey(programId, id)) } } }),
    );
    for (const { pk, sk, ...person } of Responses?.[tables().mentoring] ?? []) people.set(person.personId as string, person as Person);
  }
  for (const id of unique) if (!people.has(id)) throw new Error(`Person ${id} is not stored`);
  return people;
};

/**
 * The relationship with the people who play each role in it; `mentees` lists every mentee, also
 * those who left. Made from a store's own reads, so DynamoDB and its twin compose it one way.
 */
export const withPeopleFrom =
  (store: { getRelationship: (id: string) => Promise<Relationship>; getPeople: (programId: string, ids: string[]) => Promise<Map<string, Person>> }) =>
  async (relationshipId: string) => {
    const relationship = await store.getRelationship(relationshipId);
    const people = await store.getPeople(
      relationship.programId,
      membersOf(relationship).map(([, id]) => id),
    );
    const person = (id: string) => people.get(id)!;
    return {
      relationship,
      mentor: person(relationship.mentorId),
      mentees: relationship.mentees.map((m) => person(m.personId)),
      managerOf: (menteeId: string) => person(relationship.mentees.find((m) => m.personId === menteeId)!.managerId),
      coordinator: person(relationship.coordinatorId),
    };
  };

export const getRelationshipWithPeople = withPeopleFrom({ getRelationship, getPeople });

type Page = { Items?: Record<string, unknown>[]; LastEvaluatedKey?: Record<string, unknown> };

/** Every item of a query or a scan, page after page. */
const allPages = async (page: (ExclusiveStartKey: Record<string, unknown> | undefined) => Promise<Page>) => {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const next = await page(ExclusiveStartKey);
    items.push(...(next.Items ?? []));
    ExclusiveStartKey = next.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
};

const queryAll = (input: ConstructorParameters<typeof QueryCommand>[0]) =>
  allPages((ExclusiveStartKey) => documents().send(new QueryCommand({ ...input, ExclusiveStartKey })));

const scanAll = (input: ConstructorParameters<typeof ScanCommand>[0]) =>
  allPages((ExclusiveStartKey) => documents().send(new ScanCommand({ ...input, ExclusiveStartKey })));

export const listRelationships = async (programId: string): Promise<Relationship[]> =>
  (
    await queryAll({
      TableName: tables().mentoring,
      IndexName: 'byOwner',
      KeyConditionExpression: 'gsi1pk = :program AND begins_with(gsi1sk, :rel)',
      ExpressionAttributeValues: { ':program': programPk(programId), ':rel': PREFIX.relationship },
    })
  ).map(({ pk, sk, gsi1pk, gsi1sk, ...relationship }) => relationship as unknown as Relationship);

/** Relationship ids and roles of one person, across programs. */
export const listRelationshipsOfPerson = async (personId: string): Promise<{ relationshipId: string; role: Role }[]> =>
  (
    await queryAll({
      TableName: tables().mentoring,
      IndexName: 'byOwner',
      KeyConditionExpression: 'gsi1pk = :person',
      ExpressionAttributeValues: { ':person': personSk(personId) },
    })
  ).map((item) => ({ relationshipId: String(item.gsi1sk).slice(PREFIX.relationship.length), role: item.role as Role }));

export const listPeople = async (programId: string): Promise<Person[]> =>
  (
    await queryAll({
      TableName: tables().mentoring,
      KeyConditionExpression: 'pk = :program AND begins_with(sk, :person)',
      ExpressionAttributeValues: { ':program': programPk(programId), ':person': PREFIX.person },
    })
  ).map(({ pk, sk, ...person }) => person as unknown as Person);

/** The main line's phase, once it started. */
export const recordPhase = async (relationshipId: string, phase: Phase): Promise<void> => {
  await updateRelationship(relationshipId, { phase });
};

/**
 * Marks a circle's mentee as having left, while another mentee is still in it: false when
 * they are its last (then the relationship ends instead). Each mentee is an entry of its own,
 * so two leaving at once both count, and the last of several leaving at once is told apart.
 * True as well when they had left before (a retried step).
 */
export const markMenteeLeft = async (relationshipId: string, mentees: Pick<Mentee, 'personId'>[], menteeId: string): Promise<boolean> => {
  const index = mentees.findIndex((m) => m.personId === menteeId);
  if (index < 0) throw new Error(`${menteeId} is not a mentee of ${relationshipId}`);
  const others = mentees.map((_, i) => i).filter((i) => i !== index);
  const marked =
    others.length > 0 &&
    (await updateIf({
      TableName: tables().mentoring,
      Key: relationshipKey(relationshipId),
      UpdateExpression: `SET mentees[${index}].#status = :left`,
      ConditionExpression: `mentees[${index}].personId = :mentee AND (${others.map((i) => `mentees[${i}].#status = :active`).join(' OR ')})`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':left': 'left', ':active': 'active', ':mentee': menteeId },
    }));
  return marked || (await getRelationship(relationshipId)).mentees[index]?.status === 'left';
};

/**
 * Sets fields of a relationship, if `condition` holds (false otherwise). `add` adds to numbers,
 * `append` appends to lists: each field at most once per call.
 */
export const updateRelationship = async (
  relationshipId: string,
  set: Record<string, unknown>,
  {
    condition,
    values = {},
    add = {},
    append = {},
    ifNotExists = {},
  }: {
    condition?: string;
    values?: Record<string, unknown>;
    add?: Record<string, number>;
    append?: Record<string, unknown[]>;
    ifNotExists?: Record<string, unknown>;
  } = {},
): Promise<boolean> => {
  const names: Record<string, string> = {};
  const vals: Record<string, unknown> = { ...values };
  const parts: string[] = [];
  let i = 0;
  const name = (field: string) => {
    const key = `#f${i}`;
    names[key] = field;
    return key;
  };
  for (const [field, value] of Object.entries(set)) {
    parts.push(`${name(field)} = :v${i}`);
    vals[`:v${i++}`] = value;
  }
  for (const [field, value] of Object.entries(ifNotExists)) {
    const n = name(field);
    parts.push(`${n} = if_not_exists(${n}, :v${i})`);
    vals[`:v${i++}`] = value;
  }
  for (const [field, value] of Object.entries(add)) {
    const n = name(field);
    parts.push(`${n} = if_not_exists(${n}, :zero) + :v${i}`);
    vals[':zero'] = 0;
    vals[`:v${i++}`] = value;
  }
  for (const [field, value] of Object.entries(append)) {
    const n = name(field);
    parts.push(`${n} = list_append(if_not_exists(${n}, :empty), :v${i})`);
    vals[':empty'] = [];
    vals[`:v${i++}`] = value;
  }
  const conditionNames = Object.fromEntries([...(condition ?? '').matchAll(/#(\w+)/g)].map(([key, field]) => [key, field!]));
  return updateIf({
    TableName: tables().mentoring,
    Key: relationshipKey(relationshipId),
    UpdateExpression: `SET ${parts.join(', ')}`,
    ConditionExpression: condition ? `attribute_exists(pk) AND (${condition})` : 'attribute_exists(pk)',
    ExpressionAttributeNames: { ...names, ...conditionNames },
    ExpressionAttributeValues: vals,
  });
};

export { queryAll, scanAll };

/** A conditional update of a stored person: false when the condition did not hold. */
const updatePersonIf = (programId: string, personId: string, update: Omit<UpdateCommandInput, 'TableName' | 'Key'>): Promise<boolean> =>
  updateIf({ TableName: tables().mentoring, Key: personKey(programId, personId), ...update });

/** Nothing more may be sent to a person's address: true the first time, when `since` and `because` are kept; later calls change nothing. */
export const markUndeliverable = (programId: string, personId: string, since: string, because: Undeliverable): Promise<boolean> =>
  updatePersonIf(programId, personId, {
    UpdateExpression: 'SET undeliverableSince = :since, undeliverableBecause = :because',
    ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(undeliverableSince)',
    ExpressionAttributeValues: { ':since': since, ':because': because },
  });

/**
 * A person's address takes mail again: the mark set at `since` goes, with why and who was told.
 * True if that mark was there; a mark set since (a new bounce meanwhile) stays.
 */
export const clearUndeliverable = (programId: string, personId: string, since: string): Promise<boolean> =>
  updatePersonIf(programId, personId, {
    UpdateExpression: 'REMOVE undeliverableSince, undeliverableBecause, undeliverableReportedAt',
    ConditionExpression: 'attribute_exists(pk) AND undeliverableSince = :since',
    ExpressionAttributeValues: { ':since': since },
  });

/** Their coordinators were told what an undeliverable address stalls: true the first time. */
export const markUndeliverableReported = (programId: string, personId: string, at: string): Promise<boolean> =>
  updatePersonIf(programId, personId, {
    UpdateExpression: 'SET undeliverableReportedAt = :at',
    ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(undeliverableReportedAt)',
    ExpressionAttributeValues: { ':at': at },
  });
