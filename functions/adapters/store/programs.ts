import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { programSchema, type Program } from '#domain/program/config';
import { documents, tables } from './client.ts';

const key = (programId: string) => ({ pk: `PROGRAM#${programId}`, sk: 'PROGRAM' });

export const saveProgram = async (program: Program): Promise<void> => {
  await documents().send(new PutCommand({ TableName: tables().mentoring, Item: { ...key(program.id), program } }));
};

const cache = new Map<string, Program>();

/** Programs change rarely; a container keeps what it read. */
export const getProgram = async (programId: string): Promise<Program> => {
  const cached = cache.get(programId);
  if (cached) return cached;
  const { Item } = await documents().send(new GetCommand({ TableName: tables().mentoring, Key: key(programId) }));
  if (!Item) throw new Error(`Program ${programId} is not stored`);
  const program = programSchema.parse(Item.program);
  cache.set(programId, program);
  return program;
};

export const forgetPrograms = (): void => cache.clear();
