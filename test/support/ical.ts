import ICAL from 'ical.js';
import { DateTime } from 'luxon';

/** A person in an invite, as a calendar reads them. */
export interface InvitePerson {
  name: string | undefined;
  email: string;
}

export interface InviteAttendee extends InvitePerson {
  role: string | undefined;
  partstat: string | undefined;
  rsvp: string | undefined;
}

/** An invite read back as a calendar would: with Mozilla's parser, not the library that wrote it. */
export interface ReadInvite {
  method: string | undefined;
  uid: string;
  sequence: number;
  status: string | undefined;
  summary: string;
  description: string | undefined;
  location: string | undefined;
  /** DTSTART's TZID, or undefined for a UTC time. */
  tzid: string | undefined;
  /** DTSTART as written (wall-clock time in `tzid`), `yyyy-MM-ddTHH:mm`. */
  startAsWritten: string;
  /** The start as an instant, worked out with the file's own VTIMEZONE. */
  start: Date;
  /** The start on the wall clock of `zone`, `yyyy-MM-ddTHH:mm`. */
  startLocal: (zone: string) => string;
  durationMinutes: number;
  stamp: Date;
  /** DTSTAMP is written in UTC, as RFC 5545 requires. */
  stampIsUtc: boolean;
  organizer: InvitePerson;
  attendees: InviteAttendee[];
  alarms: { action: string; minutesBefore: number; description: string | undefined }[];
  /** The TZIDs of the VTIMEZONEs in the file. */
  timezones: string[];
}

/** A property's or parameter's value as text (ical.js gives strings for these, and null when absent). */
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : value == null ? undefined : JSON.stringify(value));
const param = (prop: ICAL.Property, name: string): string | undefined => text(prop.getParameter(name));
const mailto = (value: unknown): string => String(value).replace(/^mailto:/i, '');
const minutesOf = (time: ICAL.Time) =>
  `${String(time.year).padStart(4, '0')}-${String(time.month).padStart(2, '0')}-${String(time.day).padStart(2, '0')}T${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`;

/**
 * Reads an .ics with one event. Throws when the start names a TZID the file does not define, since
 * a calendar would then guess (or refuse) the time.
 */
export const readInvite = (icsText: string): ReadInvite => {
  const calendar = new ICAL.Component(ICAL.parse(icsText));
  const events = calendar.getAllSubcomponents('vevent');
  if (events.length !== 1) throw new Error(`expected one VEVENT, found ${events.length}`);
  const vevent = events[0]!;
  const event = new ICAL.Event(vevent);
  const timezones = calendar.getAllSubcomponents('vtimezone').map((tz) => String(tz.getFirstPropertyValue('tzid')));

  const dtstart = vevent.getFirstProperty('dtstart')!;
  const tzid = param(dtstart, 'tzid');
  const startTime = event.startDate;
  if (tzid && !timezones.includes(tzid)) throw new Error(`DTSTART names TZID ${tzid}, which has no VTIMEZONE in the file`);
  if (tzid && startTime.zone?.tzid !== tzid) throw new Error(`DTSTART was not read in ${tzid}`);
  const start = startTime.toJSDate();
  const end = event.endDate.toJSDate();

  const stampProp = vevent.getFirstProperty('dtstamp')!;
  const stampTime = stampProp.getFirstValue() as ICAL.Time;
  const organizer = vevent.getFirstProperty('organizer')!;

  return {
    method: text(calendar.getFirstPropertyValue('method')),
    uid: event.uid,
    sequence: event.sequence,
    status: text(vevent.getFirstPropertyValue('status')),
    summary: event.summary,
    description: text(vevent.getFirstPropertyValue('description')),
    location: text(vevent.getFirstPropertyValue('location')),
    tzid,
    startAsWritten: minutesOf(startTime),
    start,
    startLocal: (zone) => DateTime.fromJSDate(start, { zone }).toFormat("yyyy-MM-dd'T'HH:mm"),
    durationMinutes: (end.getTime() - start.getTime()) / 60_000,
    stamp: stampTime.toJSDate(),
    stampIsUtc: stampTime.zone === ICAL.Timezone.utcTimezone,
    organizer: { name: param(organizer, 'cn'), email: mailto(organizer.getFirstValue()) },
    attendees: vevent.getAllProperties('attendee').map((a) => ({
      name: param(a, 'cn'),
      email: mailto(a.getFirstValue()),
      role: param(a, 'role'),
      partstat: param(a, 'partstat'),
      rsvp: param(a, 'rsvp'),
    })),
    alarms: vevent.getAllSubcomponents('valarm').map((alarm) => ({
      action: String(alarm.getFirstPropertyValue('action')),
      minutesBefore: -(alarm.getFirstPropertyValue('trigger') as ICAL.Duration).toSeconds() / 60,
      description: text(alarm.getFirstPropertyValue('description')),
    })),
    timezones,
  };
};
