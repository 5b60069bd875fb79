import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { HeldDetails, RecordedMeeting } from '#domain/check-in-details';
import type { Meeting, MeetingStatus } from '#domain/model';
import { documents, tables, writeIf } from './client.ts';
import { queryAll } from './relationships.ts';

const meetingKey = (relationshipId: string, meetingNo: number) => ({
  pk: `REL#${relationshipId}`,
  sk: `MEETING#${String(meetingNo).padStart(4, '0')}`,
});

const strip = ({ pk, sk, ...meeting }: Record<string, unknown>) => meeting as unknown as RecordedMeeting;

/** Every meeting of the relationship, in order, with how the held ones went. */
export const listMeetings = async (relationshipId: string): Promise<RecordedMeeting[]> =>
  (
    await queryAll({
      TableName: tables().mentoring,
      KeyConditionExpression: 'pk = :rel AND begins_with(sk, :meeting)',
      ExpressionAttributeValues: { ':rel': `REL#${relationshipId}`, ':meeting': 'MEETING#' },
    })
  ).map(strip);

export const lastMeeting = async (relationshipId: string): Promise<Meeting | undefined> => {
  const { Items } = await documents().send(
    new QueryCommand({
      TableName: tables().mentoring,
      KeyConditionExpression: 'pk = :rel AND begins_with(sk, :meeting)',
      ExpressionAttributeValues: { ':rel': `REL#${relationshipId}`, ':meeting': 'MEETING#' },
      ScanIndexForward: false,
      Limit: 1,
    }),
  );
  return Items?.[0] ? strip(Items[0]) : undefined;
};

/** Plans a meeting once; a retried planner finds the one it planned before. */
export const planMeeting = async (meeting: Meeting): Promise<Meeting> => {
  const created = await writeIf(
    documents().send(
      new PutCommand({
        TableName: tables().mentoring,
        Item: { ...meetingKey(meeting.relationshipId, meeting.meetingNo), ...meeting },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  );
  return created ? meeting : (await listMeetings(meeting.relationshipId)).find((m) => m.meetingNo === meeting.meetingNo)!;
};

interface MeetingUpdate {
  UpdateExpression: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
}

/**
 * Changes one occurrence of a meeting only while it is still planned, so a retried or late
 * recording changes nothing: false when it was concluded or moved before.
 */
const updateWhilePlanned = (relationshipId: string, meetingNo: number, occurrence: number, update: MeetingUpdate): Promise<boolean> =>
  writeIf(
    documents().send(
      new UpdateCommand({
        TableName: tables().mentoring,
        Key: meetingKey(relationshipId, meetingNo),
        UpdateExpression: update.UpdateExpression,
        ConditionExpression: '#status = :planned AND occurrence = :occurrence',
        ExpressionAttributeNames: { '#status': 'status', ...update.ExpressionAttributeNames },
        ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':planned': 'planned', ':occurrence': occurrence },
      }),
    ),
  );

/**
 * Concludes one occurrence of a meeting, with how a held one went (mode and rating);
 * false when it was concluded or moved before.
 */
export const concludeMeeting = (
  relationshipId: string,
  meetingNo: number,
  occurrence: number,
  status: Exclude<MeetingStatus, 'planned'>,
  at: string,
  { mode, rating }: HeldDetails = {},
): Promise<boolean> =>
  updateWhilePlanned(relationshipId, meetingNo, occurrence, {
    UpdateExpression: ['SET #status = :status, concludedAt = :at', ...(mode ? ['#mode = :mode'] : []), ...(rating ? ['rating = :rating'] : [])].join(', '),
    ExpressionAttributeNames: mode ? { '#mode': 'mode' } : {},
    ExpressionAttributeValues: { ':status': status, ':at': at, ...(mode ? { ':mode': mode } : {}), ...(rating ? { ':rating': rating } : {}) },
  });

/** Moves a planned meeting to a new date: a new occurrence, with its own reminder and check-in. */
export const moveMeeting = (relationshipId: string, meetingNo: number, occurrence: number, from: string, to: string): Promise<boolean> =>
  updateWhilePlanned(relationshipId, meetingNo, occurrence, {
    UpdateExpression: 'SET startsAt = :to, occurrence = :next, moves = list_append(moves, :move)',
    ExpressionAttributeValues: { ':to': to, ':next': occurrence + 1, ':move': [{ from, to }] },
  });
