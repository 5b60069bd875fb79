import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { programSchema, type Program } from '#domain/program/config';
import { once } from '#platform/aws';
import { documents, tables } from './client.ts';
import { queryAll } from './relationships.ts';
import { PREFIX, programPk } from '../keys.ts';

const key = (programId: string) => ({ pk: programPk(programId), sk: 'PROGRAM' });
/** Every program is listed under one owner in the byOwner index, for the daily checks and `mentoring forget`. */
const EVERY_PROGRAM = 'PROGRAMS';

export const saveProgram = async (program: Program): Promise<void> => {
  await documents().send(
    new PutCommand({ TableName: tables().mentoring, Item: { ...key(program.id), gsi1pk: EVERY_PROGRAM, gsi1sk: programPk(program.id), program } }),
  );
};

/** The ids of every stored program (one stored before this index existed is listed once it is enrolled into again). */
export const listProgramIds = async (): Promise<string[]> =>
  (
    await queryAll({
      TableName: tables().mentoring,
      IndexName: 'byOwner',
      KeyConditionExpression: 'gsi1pk = :programs',
      ExpressionAttributeValues: { ':programs': EVERY_PROGRAM },
      ProjectionExpression: 'gsi1sk',
    })
  ).map((item) => String(item.gsi1sk).slice(PREFIX.program.length));

/** Programs change rarely; a container keeps what it read (and the local runtime, like a new container, forgets it). */
const cache = once(() => new Map<string, Program>());

export const getProgram = async (programId: string): Promise<Program> => {
  const cached = cache().get(programId);
  if (cached) return cached;
  const { Item } = await documents().send(new GetCommand({ TableName: tables().mentoring, Key: key(programId) }));
  if (!Item) throw new Error(`Program ${programId} is not stored`);
  const program = programSchema.parse(Item.program);
  cache().set(programId, program);
  return program;
};
