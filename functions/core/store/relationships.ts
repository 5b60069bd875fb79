import { BatchGetCommand, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Phase } from '#workflows/lifecycle';
import type { Person, Relationship, RelationshipStatus, Role } from '#core/model';
import { documents, isConditionFailure, tables } from './client.ts';

const programKey = (programId: string) => `PROGRAM#${programId}`;
const relationshipKey = (relationshipId: string) => ({ pk: `REL#${relationshipId}`, sk: 'REL' });
const personKey = (programId: string, personId: string) => ({ pk: programKey(programId), sk: `PERSON#${personId}` });
const normalEmail = (email: string) => email.trim().toLowerCase();

export const findPersonIdByEmail = async (programId: string, email: string): Promise<string | undefined> => {
  const { Item } = await documents().send(
    new GetCommand({ TableName: tables().mentoring, Key: { pk: programKey(programId), sk: `EMAIL#${normalEmail(email)}` } }),
  );
  return Item?.personId as string | undefined;
};

export const findRelationshipIdOfMentee = async (programId: string, menteeId: string): Promise<string | undefined> => {
  const { Item } = await documents().send(
    new GetCommand({ TableName: tables().mentoring, Key: { pk: programKey(programId), sk: `MENTEE#${menteeId}` } }),
  );
  return Item?.relationshipId as string | undefined;
};

export class AlreadyEnrolled extends Error {
  override name = 'AlreadyEnrolled';
}

/**
 * Stores a relationship and any of its people not yet stored, all or nothing. The e-mail and
 * mentee index items make a second enrolment of the same person or mentee fail its condition.
 */
export const saveEnrolment = async (relationship: Relationship, newPeople: Person[]): Promise<void> => {
  const TableName = tables().mentoring;
  const members: [Role, string][] = [
    ['mentor', relationship.mentorId],
    ['mentee', relationship.menteeId],
    ['manager', relationship.managerId],
    ['coordinator', relationship.coordinatorId],
  ];
  const notThere = 'attribute_not_exists(pk)';
  try {
    await documents().send(
      new TransactWriteCommand({
        TransactItems: [
          ...newPeople.flatMap((person) => [
            { Put: { TableName, Item: { ...personKey(person.programId, person.personId), ...person }, ConditionExpression: notThere } },
            {
              Put: {
                TableName,
                Item: { pk: programKey(person.programId), sk: `EMAIL#${normalEmail(person.email)}`, personId: person.personId },
                ConditionExpression: notThere,
              },
            },
          ]),
          {
            Put: {
              TableName,
              Item: { pk: programKey(relationship.programId), sk: `MENTEE#${relationship.menteeId}`, relationshipId: relationship.relationshipId },
              ConditionExpression: notThere,
            },
          },
          {
            Put: {
              TableName,
              Item: {
                ...relationshipKey(relationship.relationshipId),
                gsi1pk: programKey(relationship.programId),
                gsi1sk: `REL#${relationship.relationshipId}`,
                ...relationship,
              },
              ConditionExpression: notThere,
            },
          },
          // Several roles of one person in one relationship would collide; people are distinct by validation.
          ...members.map(([role, personId]) => ({
            Put: {
              TableName,
              Item: {
                pk: `REL#${relationship.relationshipId}`,
                sk: `MEMBER#${role}#${personId}`,
                gsi1pk: `PERSON#${personId}`,
                gsi1sk: `REL#${relationship.relationshipId}`,
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

export const getRelationship = async (relationshipId: string): Promise<Relationship> => {
  const { Item } = await documents().send(new GetCommand({ TableName: tables().mentoring, Key: relationshipKey(relationshipId) }));
  if (!Item) throw new Error(`Relationship ${relationshipId} is not stored`);
  const { pk, sk, gsi1pk, gsi1sk, ...relationship } = Item;
  return relationship as Relationship;
};

export const getPeople = async (programId: string, personIds: string[]): Promise<Map<string, Person>> => {
  const unique = [...new Set(personIds)];
  const { Responses } = await documents().send(
    new BatchGetCommand({ RequestItems: { [tables().mentoring]: { Keys: unique.map((id) => personKey(programId, id)) } } }),
  );
  const people = new Map<string, Person>();
  for (const { pk, sk, ...person } of Responses?.[tables().mentoring] ?? []) people.set(person.personId as string, person as Person);
  for (const id of unique) if (!people.has(id)) throw new Error(`Person ${id} is not stored`);
  return people;
};

/** The relationship with the people who play each role in it. */
export const getRelationshipWithPeople = async (relationshipId: string) => {
  const relationship = await getRelationship(relationshipId);
  const people = await getPeople(relationship.programId, [
    relationship.mentorId,
    relationship.menteeId,
    relationship.managerId,
    relationship.coordinatorId,
  ]);
  const person = (id: string) => people.get(id)!;
  return {
    relationship,
    mentor: person(relationship.mentorId),
    mentee: person(relationship.menteeId),
    manager: person(relationship.managerId),
    coordinator: person(relationship.coordinatorId),
  };
};

const queryAll = async (input: ConstructorParameters<typeof QueryCommand>[0]) => {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documents().send(new QueryCommand({ ...input, ExclusiveStartKey }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
};

export const listRelationships = async (programId: string): Promise<Relationship[]> =>
  (
    await queryAll({
      TableName: tables().mentoring,
      IndexName: 'byOwner',
      KeyConditionExpression: 'gsi1pk = :program AND begins_with(gsi1sk, :rel)',
      ExpressionAttributeValues: { ':program': programKey(programId), ':rel': 'REL#' },
    })
  ).map(({ pk, sk, gsi1pk, gsi1sk, ...relationship }) => relationship as unknown as Relationship);

/** Relationship ids and roles of one person, across programs. */
export const listRelationshipsOfPerson = async (personId: string): Promise<{ relationshipId: string; role: Role }[]> =>
  (
    await queryAll({
      TableName: tables().mentoring,
      IndexName: 'byOwner',
      KeyConditionExpression: 'gsi1pk = :person',
      ExpressionAttributeValues: { ':person': `PERSON#${personId}` },
    })
  ).map((item) => ({ relationshipId: String(item.gsi1sk).slice('REL#'.length), role: item.role as Role }));

export const listPeople = async (programId: string): Promise<Person[]> =>
  (
    await queryAll({
      TableName: tables().mentoring,
      KeyConditionExpression: 'pk = :program AND begins_with(sk, :person)',
      ExpressionAttributeValues: { ':program': programKey(programId), ':person': 'PERSON#' },
    })
  ).map(({ pk, sk, ...person }) => person as unknown as Person);

export const recordPhase = async (relationshipId: string, phase: Phase, status: RelationshipStatus = 'active', at?: string): Promise<void> => {
  await documents().send(
    new UpdateCommand({
      TableName: tables().mentoring,
      Key: relationshipKey(relationshipId),
      UpdateExpression: status === 'closed' ? 'SET phase = :phase, #status = :status, closedAt = if_not_exists(closedAt, :at)' : 'SET phase = :phase, #status = :status',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':phase': phase, ':status': status, ...(status === 'closed' ? { ':at': at } : {}) },
      ConditionExpression: 'attribute_exists(pk)',
    }),
  );
};

export { queryAll };
