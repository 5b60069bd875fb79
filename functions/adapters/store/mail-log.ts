import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documents, tables, writeIf } from './client.ts';
import { queryAll } from './relationships.ts';
import { clock } from '#platform/clock';

/**
 * The e-mail log makes sending idempotent: a message is claimed before it is sent and marked
 * sent after. A retried handler skips a sent message; a claim older than the lease (a crash
 * between claim and send) may be taken over.
 */
const LEASE_MS = 60_000;

const mailKey = (relationshipId: string, messageKey: string) => ({ pk: `REL#${relationshipId}`, sk: `MAIL#${messageKey}` });

export interface MailRecord {
  messageKey: string;
  kind: string;
  recipientRole: string;
  state: 'sending' | 'sent';
  sentAt?: string;
  messageId?: string;
}

export const claimMail = (relationshipId: string, messageKey: string, kind: string, recipientRole: string): Promise<boolean> => {
  const now = clock().now().getTime();
  return writeIf(
    documents().send(
      new PutCommand({
        TableName: tables().mentoring,
        Item: { ...mailKey(relationshipId, messageKey), messageKey, kind, recipientRole, state: 'sending', claimedAtMs: now },
        ConditionExpression: 'attribute_not_exists(pk) OR (#state = :sending AND claimedAtMs < :expired)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':sending': 'sending', ':expired': now - LEASE_MS },
      }),
    ),
  );
};

export const markMailSent = async (relationshipId: string, messageKey: string, messageId: string, sentAt: string): Promise<void> => {
  await documents().send(
    new UpdateCommand({
      TableName: tables().mentoring,
      Key: mailKey(relationshipId, messageKey),
      UpdateExpression: 'SET #state = :sent, messageId = :id, sentAt = :at',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':sent': 'sent', ':id': messageId, ':at': sentAt },
    }),
  );
};

/** Gives a claim back after a failed send, so the retry can send. */
export const releaseMail = async (relationshipId: string, messageKey: string): Promise<void> => {
  await writeIf(
    documents().send(
      new DeleteCommand({
        TableName: tables().mentoring,
        Key: mailKey(relationshipId, messageKey),
        ConditionExpression: '#state = :sending',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':sending': 'sending' },
      }),
    ),
  );
};

export const listMail = async (relationshipId: string): Promise<MailRecord[]> =>
  (
    await queryAll({
      TableName: tables().mentoring,
      KeyConditionExpression: 'pk = :rel AND begins_with(sk, :mail)',
      ExpressionAttributeValues: { ':rel': `REL#${relationshipId}`, ':mail': 'MAIL#' },
    })
  ).map((item) => item as unknown as MailRecord);
