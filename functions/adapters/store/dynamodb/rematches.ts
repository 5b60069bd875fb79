import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { documents, tables, writeIf } from './client.ts';
import { queryAll } from './relationships.ts';
import { PREFIX, programPk, rematchKey } from '../keys.ts';

/** Why a mentee needs another mentor. */
export type RematchReason = 'declined' | 'no-answer' | 'ended-early';

export interface RematchRequest {
  programId: string;
  menteeId: string;
  /** The relationship that did not go on. */
  relationshipId: string;
  reason: RematchReason;
  openedAt: string;
  /** Open until a new relationship takes the mentee up (`rematchedAs`). */
  status: 'open' | 'rematched';
  rematchedAs?: string;
}

/** Opens a request for the coordinator to find the mentee another mentor; once per mentee and relationship. */
export const openRematchRequest = (request: RematchRequest): Promise<boolean> =>
  writeIf(
    documents().send(
      new PutCommand({
        TableName: tables().mentoring,
        Item: { ...rematchKey(request.programId, request.menteeId, request.relationshipId), ...request },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  );

export const listRematchRequests = async (programId: string): Promise<RematchRequest[]> =>
  (
    await queryAll({
      TableName: tables().mentoring,
      KeyConditionExpression: 'pk = :program AND begins_with(sk, :rematch)',
      ExpressionAttributeValues: { ':program': programPk(programId), ':rematch': PREFIX.rematch },
    })
  ).map(({ pk, sk, ...request }) => request as unknown as RematchRequest);
