import { DateTime } from 'luxon';
import { describe, expect, test } from 'vitest';
import { inviteAttachment, meetingInvite, type MeetingInvite } from '#presentation/letters/calendar-invite';
import { readInvite } from '../support/ical.ts';

const ZONE = 'Europe/Amsterdam';
const tenOClock = (date: string, zone = ZONE) => DateTime.fromISO(`${date}T10:00`, { zone }).toJSDate();

/** Meeting 3 of a pair in Amsterdam, as the reminder the day before sends it. */
const invite = (changes: Partial<MeetingInvite> = {}): MeetingInvite => ({
  uid: 'rel-0a1b2c3d4e5f-meeting-3@mentoring',
  sequence: 0,
  method: 'REQUEST',
  startsAt: tenOClock('2027-04-05'),
  durationMinutes: 60,
  timeZone: ZONE,
  summary: 'Mentorgesprek 3 met Zoë de Vries',
  description: 'Neem je doelen mee; we kijken terug, en vooruit.\nTot morgen!',
  location: 'Koffiehoek, 2e verdieping',
  organizer: { name: 'Leadership Mentoring Pilot', email: 'mentoring@example.org' },
  attendees: [
    { name: 'Tomasz Nowak', email: 'tomasz.nowak@example.org', role: 'mentor' },
    { name: 'Zoë de Vries, MSc', email: 'zoe.devries@example.org', role: 'mentee' },
  ],
  alarmMinutesBefore: 24 * 60,
  stamp: new Date('2027-04-04T08:00:00Z'),
  ...changes,
});

describe('a meeting invitation, read back by an independent calendar parser', () => {
  test('a request names the meeting, its organizer and both members, with a stable UID and the given SEQUENCE', () => {
    const read = readInvite(meetingInvite(invite()));
    expect(read).toMatchObject({
      method: 'REQUEST',
      uid: 'rel-0a1b2c3d4e5f-meeting-3@mentoring',
      sequence: 0,
      status: 'CONFIRMED',
      summary: 'Mentorgesprek 3 met Zoë de Vries',
      description: 'Neem je doelen mee; we kijken terug, en vooruit.\nTot morgen!',
      location: 'Koffiehoek, 2e verdieping',
      durationMinutes: 60,
      organizer: { name: 'Leadership Mentoring Pilot', email: 'mentoring@example.org' },
    });
    expect(read.attendees).toEqual([
      { name: 'Tomasz Nowak', email: 'tomasz.nowak@example.org', role: 'REQ-PARTICIPANT', partstat: 'NEEDS-ACTION', rsvp: 'FALSE' },
      { name: 'Zoë de Vries, MSc', email: 'zoe.devries@example.org', role: 'REQ-PARTICIPANT', partstat: 'NEEDS-ACTION', rsvp: 'FALSE' },
    ]);
    expect(read.stamp).toEqual(new Date('2027-04-04T08:00:00Z'));
    expect(read.stampIsUtc).toBe(true);
  });

  test('the start is written as local time with the pair’s TZID and a VTIMEZONE of that name, not as UTC', () => {
    const ics = meetingInvite(invite());
    const read = readInvite(ics);
    expect(read.tzid).toBe(ZONE);
    expect(read.startAsWritten).toBe('2027-04-05T10:00');
    expect(read.timezones).toEqual([ZONE]);
    expect(ics).toContain('DTSTART;TZID=Europe/Amsterdam:20270405T100000');
    expect(ics).not.toMatch(/DTSTART[^\r\n]*Z\r?$/m);
    // Oslo's rules are filed under Berlin's in the tz data: the file still names Oslo throughout.
    const oslo = readInvite(meetingInvite(invite({ timeZone: 'Europe/Oslo', startsAt: tenOClock('2027-04-05', 'Europe/Oslo') })));
    expect([oslo.tzid, oslo.timezones, oslo.startLocal('Europe/Oslo')]).toEqual(['Europe/Oslo', ['Europe/Oslo'], '2027-04-05T10:00']);
  });

  test('the invite carries the day-before reminder as a display alarm; without one asked, none', () => {
    expect(readInvite(meetingInvite(invite())).alarms).toEqual([
      { action: 'DISPLAY', minutesBefore: 24 * 60, description: 'Mentorgesprek 3 met Zoë de Vries' },
    ]);
    expect(readInvite(meetingInvite(invite({ alarmMinutesBefore: undefined }))).alarms).toEqual([]);
  });

  test('a moved meeting keeps its UID with a higher SEQUENCE; its cancellation is METHOD:CANCEL, STATUS:CANCELLED, higher still', () => {
    const first = readInvite(meetingInvite(invite()));
    const moved = readInvite(meetingInvite(invite({ sequence: 1, startsAt: tenOClock('2027-04-07'), stamp: new Date('2027-04-04T09:00:00Z') })));
    const cancelled = readInvite(
      meetingInvite(invite({ sequence: 2, method: 'CANCEL', startsAt: tenOClock('2027-04-07'), stamp: new Date('2027-04-06T12:00:00Z') })),
    );
    expect([first.uid, moved.uid, cancelled.uid]).toEqual(Array(3).fill('rel-0a1b2c3d4e5f-meeting-3@mentoring'));
    expect([first.sequence, moved.sequence, cancelled.sequence]).toEqual([0, 1, 2]);
    expect(moved.startLocal(ZONE)).toBe('2027-04-07T10:00');
    expect([moved.method, moved.status]).toEqual(['REQUEST', 'CONFIRMED']);
    expect([cancelled.method, cancelled.status]).toEqual(['CANCEL', 'CANCELLED']);
    // Everyone invited is told, and a cancelled meeting rings no alarm.
    expect(cancelled.attendees.map((a) => a.email)).toEqual(['tomasz.nowak@example.org', 'zoe.devries@example.org']);
    expect(cancelled.organizer.email).toBe('mentoring@example.org');
    expect(cancelled.alarms).toEqual([]);
  });

  test('as an attachment it says its method, for the message’s Content-Type', () => {
    expect(inviteAttachment(invite({ method: 'CANCEL', sequence: 1 }), 'meeting-3.ics')).toMatchObject({ filename: 'meeting-3.ics', method: 'CANCEL' });
    expect(readInvite(inviteAttachment(invite(), 'meeting-3.ics').content).method).toBe('REQUEST');
  });

  test('the invite does not depend on the zone of the server that writes it', () => {
    const original = process.env.TZ;
    try {
      process.env.TZ = 'Pacific/Kiritimati';
      const read = readInvite(meetingInvite(invite()));
      expect([read.startAsWritten, read.startLocal(ZONE)]).toEqual(['2027-04-05T10:00', '2027-04-05T10:00']);
    } finally {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    }
  });
});

/**
 * Mondays on either side of each daylight-saving change of 2027: 10:00 local before and after
 * each is a different hour in UTC, so only the VTIMEZONE keeps it 10:00 on the pair's calendar.
 */
const DST_DATES: Record<string, string[]> = {
  'Europe/Amsterdam': ['2027-03-22', '2027-04-05', '2027-10-25', '2027-11-01'],
  'Europe/Oslo': ['2027-03-22', '2027-04-05', '2027-10-25', '2027-11-01'],
  'America/New_York': ['2027-03-08', '2027-03-15', '2027-11-01', '2027-11-08'],
  'Australia/Sydney': ['2027-03-29', '2027-04-05', '2027-09-27', '2027-10-04'],
  'Asia/Jakarta': ['2027-03-22', '2027-04-05', '2027-10-25', '2027-11-01'],
};
const CASES = Object.entries(DST_DATES).flatMap(([zone, dates]) => dates.map((date) => ({ zone, date })));

describe('10:00 in the pair’s zone stays 10:00 in their calendar, either side of each daylight-saving change', () => {
  test.each(CASES)('$zone on $date', ({ zone, date }) => {
    const startsAt = tenOClock(date, zone);
    const read = readInvite(meetingInvite(invite({ timeZone: zone, startsAt })));
    expect(read.tzid).toBe(zone);
    expect(read.startAsWritten).toBe(`${date}T10:00`);
    // Worked out by the reader from the file's own VTIMEZONE, then shown on the pair's clock.
    expect(read.start).toEqual(startsAt);
    expect(read.startLocal(zone)).toBe(`${date}T10:00`);
    expect(read.durationMinutes).toBe(60);
  });

  test.each(Object.entries(DST_DATES))('%s: the UTC hour of 10:00 changes with daylight saving only where the zone has it', (zone, dates) => {
    const utcHours = dates.map((date) => readInvite(meetingInvite(invite({ timeZone: zone, startsAt: tenOClock(date, zone) }))).start.getUTCHours());
    const expected: Record<string, number[]> = {
      'Europe/Amsterdam': [9, 8, 8, 9],
      'Europe/Oslo': [9, 8, 8, 9],
      'America/New_York': [15, 14, 14, 15],
      'Australia/Sydney': [23, 0, 0, 23],
      'Asia/Jakarta': [3, 3, 3, 3],
    };
    expect(utcHours).toEqual(expected[zone]);
  });
});
