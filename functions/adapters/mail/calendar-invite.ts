import ical, { ICalCalendarMethod } from 'ical-generator';
import { clock } from '#platform/clock';
import type { Meeting, Person } from '#domain/model';
import { setting } from '#platform/environment';

/**
 * An invitation a calendar can add in one click. The UID is stable per meeting and the
 * SEQUENCE grows with each move, so a moved meeting updates the event instead of adding one.
 */
export const meetingInvite = (meeting: Meeting, durationMinutes: number, organiserName: string, attendees: Person[]): string => {
  const start = new Date(meeting.startsAt);
  const calendar = ical({ name: organiserName, method: ICalCalendarMethod.REQUEST, prodId: { company: 'mentoring', product: 'meetings' } });
  calendar.createEvent({
    id: `${meeting.relationshipId}-meeting-${meeting.meetingNo}@mentoring`,
    sequence: meeting.occurrence - 1,
    stamp: clock().now(),
    start,
    end: new Date(start.getTime() + durationMinutes * 60_000),
    summary: `Mentoring meeting ${meeting.meetingNo}`,
    organizer: { name: organiserName, email: setting('MAIL_FROM') },
    attendees: attendees.map((a) => ({ name: a.name, email: a.email, rsvp: false })),
  });
  return calendar.toString();
};
