import { inviteAttachment, type InviteMethod } from '#presentation/letters/calendar-invite';
import type { CalendarPart } from '#adapters/mail/mailer';
import { sequenceOf, type Meeting } from '#domain/model';
import { markInvited } from '#adapters/store';
import { clock } from '#platform/clock';
import { setting } from '#platform/environment';
import type { Reader } from './write-to.ts';
import type { RelationshipContext } from './relationship-context.ts';

/** Stable for the meeting's whole life: every update and the cancellation replace the same calendar event. */
export const meetingUid = (relationshipId: string, meetingNo: number): string => `${relationshipId}-meeting-${meetingNo}@mentoring`;

/**
 * The meeting as the reader's calendar takes it: their own copy, in their language, at the
 * pair's local time with its zone, and (for a request) an alarm that is the day-before
 * reminder. A cancellation takes it out again.
 */
export const calendarPart = (context: RelationshipContext, meeting: Meeting, { t, partner }: Reader, method: InviteMethod = 'REQUEST'): CalendarPart =>
  inviteAttachment(
    {
      uid: meetingUid(meeting.relationshipId, meeting.meetingNo),
      sequence: sequenceOf(meeting),
      method,
      startsAt: new Date(meeting.startsAt),
      durationMinutes: context.program.meetings.durationMinutes,
      timeZone: context.relationship.timeZone,
      summary: t('calendar.summary', { partner: partner.name }),
      description: t('calendar.description', { program: context.program.name, n: meeting.meetingNo }),
      organizer: { name: context.program.name, email: setting('MAIL_FROM') },
      attendees: [
        { name: context.mentor.name, email: context.mentor.email, role: 'mentor' as const },
        ...context.mentees.map((m) => ({ name: m.name, email: m.email, role: 'mentee' as const })),
      ].filter((a) => a.email),
      alarmMinutesBefore: context.program.meetings.reminderHoursBefore * 60,
      stamp: clock().now(),
    },
    `meeting-${meeting.meetingNo}.ics`,
  );

/** Takes an invited meeting out of the reader's calendar: a cancellation outranks the invitation it replaces by one SEQUENCE. */
export const cancellationPart = (context: RelationshipContext, meeting: Meeting, reader: Reader): CalendarPart =>
  calendarPart(context, { ...meeting, sequence: sequenceOf(meeting) + 1 }, reader, 'CANCEL');

/** Once the letters carrying it went out: the members' calendars have this version of the meeting. */
export const invited = async (meeting: Meeting): Promise<void> => {
  await markInvited(meeting.relationshipId, meeting.meetingNo, sequenceOf(meeting));
};
