import ical, { ICalAlarmType, ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { tzlib_get_ical_block } from 'timezones-ical-library';

export type InviteMethod = 'REQUEST' | 'CANCEL';

/** One meeting as an invitation: texts come already in the reader's language. */
export interface MeetingInvite {
  /** Stable per meeting, e.g. `<relationshipId>-meeting-<n>@mentoring`: every update and the cancellation reuse it. */
  uid: string;
  /** Bumped on every change, so a calendar takes the newest version and ignores older ones. */
  sequence: number;
  method: InviteMethod;
  startsAt: Date;
  durationMinutes: number;
  /** The pair's IANA zone: times are written in it, so 10:00 stays 10:00 across daylight-saving changes. */
  timeZone: string;
  summary: string;
  description: string;
  location?: string;
  organizer: { name: string; email: string };
  attendees: { name: string; email: string; role: 'mentor' | 'mentee' }[];
  /** A reminder the calendar shows this long before the start; a cancellation has none. */
  alarmMinutesBefore?: number;
  /** When this version was made: DTSTAMP. */
  stamp: Date;
}

/**
 * The zone's VTIMEZONE from current tz data, named as the pair's zone: the library answers for
 * a zone under the name of the one it links to (Europe/Amsterdam as Europe/Brussels), and
 * DTSTART's TZID must name a VTIMEZONE in the same file.
 */
const vtimezone = (zone: string): string | null => {
  const found = tzlib_get_ical_block(zone);
  const [block, tzid] = Array.isArray(found) ? found : [];
  if (!block?.startsWith('BEGIN:VTIMEZONE') || !tzid) return null;
  const named = tzid.replace(/^TZID=/, '');
  return block.replace(`TZID:${named}\r\n`, `TZID:${zone}\r\n`).replace(`X-LIC-LOCATION:${named}\r\n`, `X-LIC-LOCATION:${zone}\r\n`);
};

/**
 * An invitation (or its cancellation) a calendar adds, updates or removes in one click: local
 * times with a VTIMEZONE for the pair's zone, the organizer and each member as attendee, and a
 * stable UID whose SEQUENCE grows with each change. Returns the .ics text.
 */
export const meetingInvite = (invite: MeetingInvite): string => {
  const cancelled = invite.method === 'CANCEL';
  // Without a VTIMEZONE for the zone, UTC times are still the right instants.
  const timezone = vtimezone(invite.timeZone) ? invite.timeZone : null;
  const start = DateTime.fromJSDate(invite.startsAt, { zone: timezone ?? 'UTC' });
  const calendar = ical({
    method: cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
    prodId: { company: 'mentoring', product: 'meetings' },
    // No calendar-wide zone (so DTSTAMP stays in UTC): the generator serves the event's zone.
    timezone: { name: null, generator: vtimezone },
  });
  const event = calendar.createEvent({
    id: invite.uid,
    sequence: invite.sequence,
    stamp: invite.stamp,
    start,
    end: start.plus({ minutes: invite.durationMinutes }),
    timezone,
    summary: invite.summary,
    description: invite.description,
    location: invite.location ?? null,
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: invite.organizer,
    attendees: invite.attendees.map(({ name, email }) => ({
      name,
      email,
      // Mentor and mentee alike are needed for the meeting; nobody is asked to reply to the program.
      role: ICalAttendeeRole.REQ,
      status: ICalAttendeeStatus.NEEDSACTION,
      rsvp: false,
    })),
  });
  if (invite.alarmMinutesBefore !== undefined && !cancelled)
    event.createAlarm({ type: ICalAlarmType.display, triggerBefore: invite.alarmMinutesBefore * 60, description: invite.summary });
  return calendar.toString();
};

/** The invitation as a mail attachment: the method goes in its Content-Type, the filename is the meeting's. */
export const inviteAttachment = (invite: MeetingInvite, filename: string): { filename: string; method: InviteMethod; content: string } => ({
  filename,
  method: invite.method,
  content: meetingInvite(invite),
});
