import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { documents, tables, writeIf } from './client.ts';
import { queryAll } from './relationships.ts';
import { PREFIX, relationshipPk } from '../keys.ts';

/** The program's record of each e-mail that went out: kind, reader's role, SES's message id. */
export interface MailRecord {
  messageKey: string;
  kind: string;
  recipientRole: string;
  state: 'sent';
  sentAt: string;
  messageId: string;
}

const mailKey = (relationshipId: string, messageKey: string) => ({ pk: relationshipPk(relationshipId), sk: `${PREFIX.mail}${messageKey}` });

/** Records a sent e-mail once: false when a retry finds it recorded (its first time stands). */
export const recordMailSent = (relationshipId: string, mail: Omit<MailRecord, 'state'>): Promise<boolean> =>
  writeIf(
    documents().send(
      new PutCommand({
        TableName: tables().mentoring,
        Item: { ...mailKey(relationshipId, mail.messageKey), ...mail, state: 'sent' },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  );

export const mailRecordOf = (item: Record<string, unknown>) => item as unknown as MailRecord;

export const listMail = async (relationshipId: string): Promise<MailRecord[]> =>
  (
    await queryAll({
      TableName: tables().mentoring,
      KeyConditionExpression: 'pk = :rel AND begins_with(sk, :mail)',
      ExpressionAttributeValues: { ':rel': relationshipPk(relationshipId), ':mail': PREFIX.mail },
    })
  ).map(mailRecordOf);
