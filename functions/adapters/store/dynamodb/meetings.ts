import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { HeldDetails } from '#domain/check-in-details';
import type { Goal, Meeting, MeetingStatus, RecordedMeeting } from '#domain/model';
import { documents, tables, writeIf, updateIf } from './client.ts';
import { queryAll } from './relationships.ts';
import { savedAnswerOf, type SavedAnswer } from './answers.ts';
import { goalOf } from './goals.ts';
import { mailRecordOf, type MailRecord } from './mail-log.ts';
import { PREFIX, relationshipPk } from '../keys.ts';

const meetingKey = (relationshipId: string, meetingNo: number) => ({
  pk: relationshipPk(relationshipId),
  sk: `${PREFIX.meeting}${String(meetingNo).padStart(4, '0')}`,
});

const strip = ({ pk, sk, ...meeting }: Record<string, unknown>) => meeting as unknown as RecordedMeeting;

/** Every meeting of the relationship, in order, with how the held ones went. */
export const listMeetings = async (relationshipId: string): Promise<RecordedMeeting[]> =>
  (
    await queryAll({
      TableName: tables().mentoring,
      KeyConditionExpression: 'pk = :rel AND begins_with(sk, :meeting)',
      ExpressionAttributeValues: { ':rel': relationshipPk(relationshipId), ':meeting': PREFIX.meeting },
    })
  ).map(strip);

/** What happened in a relationship: its meetings, goals, saved answers and e-mails sent. */
export interface History {
  meetings: RecordedMeeting[];
  goals: Goal[];
  saved: SavedAnswer[];
  mail: MailRecord[];
}

/**
 * A relationship's history in one query: answers, goals, e-mails and meetings lie side by side
 * in its partition (`ANSWER#` … `MEETING#`), so a look at the pair costs one request, not four.
 */
export const readHistory = async (relationshipId: string): Promise<History> => {
  const items = await queryAll({
    TableName: tables().mentoring,
    KeyConditionExpression: 'pk = :rel AND sk BETWEEN :first AND :last',
    ExpressionAttributeValues: { ':rel': relationshipPk(relationshipId), ':first': PREFIX.answer, ':last': `${PREFIX.meeting}\uffff` },
  });
  const under = (prefix: string) => items.filter((item) => String(item.sk).startsWith(prefix));
  return {
    meetings: under(PREFIX.meeting).map(strip),
    goals: under(PREFIX.goal).map(goalOf),
    saved: under(PREFIX.answer).map(savedAnswerOf),
    mail: under(PREFIX.mail).map(mailRecordOf),
  };
};

export const getMeeting = async (relationshipId: string, meetingNo: number): Promise<Meeting | undefined> => {
  const { Item } = await documents().send(new GetCommand({ TableName: tables().mentoring, Key: meetingKey(relationshipId, meetingNo) }));
  return Item ? strip(Item) : undefined;
};

/** The earliest meeting still planned: a moved one comes before the next, already announced. */
export const nextPlannedMeeting = async (relationshipId: string): Promise<Meeting | undefined> =>
  (await listMeetings(relationshipId)).find((m) => m.status === 'planned');

export const lastMeeting = async (relationshipId: string): Promise<Meeting | undefined> => {
  const { Items } = await documents().send(
    new QueryCommand({
      TableName: tables().mentoring,
      KeyConditionExpression: 'pk = :rel AND begins_with(sk, :meeting)',
      ExpressionAttributeValues: { ':rel': relationshipPk(relationshipId), ':meeting': PREFIX.meeting },
      ScanIndexForward: false,
      Limit: 1,
    }),
  );
  return Items?.[0] ? strip(Items[0]) : undefined;
};

/** Plans meeting `meetingNo` at `at`, once; a retried planner finds the one it planned before. */
export const planMeeting = async (relationshipId: string, meetingNo: number, at: Date): Promise<Meeting> => {
  const meeting: Meeting = { relationshipId, meetingNo, occurrence: 1, sequence: 0, startsAt: at.toISOString(), status: 'planned', moves: [] };
  const created = await writeIf(
    documents().send(
      new PutCommand({
        TableName: tables().mentoring,
        Item: { ...meetingKey(relationshipId, meetingNo), ...meeting },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  );
  return created ? meeting : (await getMeeting(relationshipId, meetingNo))!;
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
  updateIf({
    TableName: tables().mentoring,
    Key: meetingKey(relationshipId, meetingNo),
    UpdateExpression: update.UpdateExpression,
    ConditionExpression: '#status = :planned AND occurrence = :occurrence',
    ExpressionAttributeNames: { '#status': 'status', ...update.ExpressionAttributeNames },
    ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':planned': 'planned', ':occurrence': occurrence },
  });

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

/** The invitation's SEQUENCE goes up by one; meetings planned before it was kept count their moves. */
const NEXT_SEQUENCE = '#sequence = if_not_exists(#sequence, :previous) + :one';

/** Moves a planned meeting to a new date: a new occurrence, with its own check-in and an updated invitation. */
export const moveMeeting = (relationshipId: string, meetingNo: number, occurrence: number, from: string, to: string): Promise<boolean> =>
  updateWhilePlanned(relationshipId, meetingNo, occurrence, {
    UpdateExpression: `SET startsAt = :to, occurrence = :next, moves = list_append(moves, :move), ${NEXT_SEQUENCE}`,
    ExpressionAttributeNames: { '#sequence': 'sequence' },
    ExpressionAttributeValues: { ':to': to, ':next': occurrence + 1, ':move': [{ from, to }], ':previous': occurrence - 1, ':one': 1 },
  });

/** Notes that every member's calendar has this version of the meeting; a later version is never overwritten by an older one. */
export const markInvited = (relationshipId: string, meetingNo: number, sequence: number): Promise<boolean> =>
  updateIf({
    TableName: tables().mentoring,
    Key: meetingKey(relationshipId, meetingNo),
    UpdateExpression: 'SET invitedSequence = :sequence',
    ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(invitedSequence) OR invitedSequence < :sequence)',
    ExpressionAttributeValues: { ':sequence': sequence },
  });

/**
 * Takes a planned meeting out of the calendars: its SEQUENCE goes up for the cancellation.
 * `cancelled` when the relationship ends before it; otherwise (a pause) it stays planned, to be
 * moved and invited again when the relationship resumes.
 */
export const withdrawMeeting = (relationshipId: string, meetingNo: number, occurrence: number, { cancelled }: { cancelled: boolean }): Promise<boolean> =>
  updateWhilePlanned(relationshipId, meetingNo, occurrence, {
    UpdateExpression: `SET ${NEXT_SEQUENCE}${cancelled ? ', #status = :cancelled' : ''} REMOVE invitedSequence`,
    ExpressionAttributeNames: { '#sequence': 'sequence' },
    ExpressionAttributeValues: { ':previous': occurrence - 1, ':one': 1, ...(cancelled ? { ':cancelled': 'cancelled' } : {}) },
  });
