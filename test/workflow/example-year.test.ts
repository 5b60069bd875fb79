import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadProgram } from '#adapters/program-file';
import { readEnrolment, type PairRow } from '#use-cases/enrolment/read-enrolment';
import { LOCALES } from '#domain/program/locales';
import { isWorkingDay } from '#domain/program/schedule';
import type { Program } from '#domain/program/config';
import { runCohort, type CohortRecord } from '#local/run-cohort';
import { addressOf, questionLinksOf } from '#local/services/inbox';
import { DEFAULT_RATES, randomPolicy } from '#local/participants';
import { DEFAULT_COORDINATOR_RATES } from '#local/coordinator';
import { listMeetings, listRelationships } from '#adapters/store';
import type { Meeting, Relationship } from '#domain/model';
import { readInvite } from '../support/ical.ts';
import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { eventOrder, schemaFile, type EventKind, type RelationshipEvent } from '#domain/events/schemas';
import { twinStore } from '../support/cohort.ts';

/**
 * The example cohort's year as `npm start` runs it (same program, file, rates and seed): each
 * person in their own language and time zone, and every invitation read back by a second,
 * independent iCalendar parser.
 */
const SEED = 96;
let program: Program;
let rows: PairRow[];
let run: CohortRecord;
let relationships: Relationship[];
const meetingsOf = new Map<string, Meeting[]>();

beforeAll(async () => {
  program = await loadProgram(fileURLToPath(new URL('../../examples/program.yaml', import.meta.url)));
  rows = await readEnrolment(fileURLToPath(new URL('../../examples/enrolment.csv', import.meta.url)), program);
  run = await runCohort({
    program,
    rows,
    seed: SEED,
    policy: randomPolicy(DEFAULT_RATES, SEED),
    coordinator: { rates: DEFAULT_COORDINATOR_RATES, seed: SEED },
    runtime: twinStore(),
    inspect: async () => {
      relationships = await listRelationships(program.id);
      for (const r of relationships) meetingsOf.set(r.relationshipId, await listMeetings(r.relationshipId));
    },
  });
}, 600_000);

describe('the example cohort’s year, in six languages and their own time zones', () => {
  test('the default seed shows what the README says it does: an extension, a pause, an early end and a circle’s mentee who declines the match', () => {
    const outcomes = run.pairs.map((p) => p.outcome);
    expect(outcomes.filter((o) => o.includes('extended'))).toHaveLength(1);
    expect(outcomes.filter((o) => o.includes('paused'))).toHaveLength(1);
    expect(outcomes.filter((o) => o.startsWith('ended early'))).toHaveLength(1);
    expect(outcomes.filter((o) => o.startsWith('not matched') || o.startsWith('declined'))).toHaveLength(0);
    expect(run.pairs.filter((p) => p.mentee.includes('(declined)'))).toHaveLength(1);
  });

  test('every e-mail is in its reader’s language, all six occur, and none shows a message key or a placeholder', () => {
    const people = rows.flatMap((r) => [r.mentee, r.mentor, r.manager, r.coordinator]);
    const localeOf = new Map(people.map((p) => [p.email, p.locale]));
    const langs = new Set<string>();
    const wrong: string[] = [];
    for (const mail of run.emails) {
      const lang = /<html lang="([^"]+)"/.exec(mail.body.html ?? '')?.[1];
      if (lang !== localeOf.get(addressOf(mail.destination.to[0]!))) wrong.push(`${mail.messageKey}: lang ${lang}`);
      langs.add(lang ?? '');
      const text = `${mail.subject}\n${mail.body.text}\n${mail.body.html}`;
      if (/{{|}}|\b(answerPage|checkIn|meetingInvitation|introduction|undeliverable|calendar)\.[a-z]/.test(text))
        wrong.push(`${mail.messageKey}: a key or placeholder`);
    }
    expect(wrong).toEqual([]);
    expect([...langs].sort()).toEqual([...LOCALES].sort());
  });

  test('every invitation starts at the meeting’s local time in the pair’s zone, on both sides of each daylight-saving change', () => {
    const zoneOf = new Map(relationships.map((r) => [r.relationshipId, r.timeZone]));
    const offsets = new Set<string>();
    let invitations = 0;
    for (const mail of run.emails)
      for (const attachment of mail.attachments ?? []) {
        if (!/calendar|\.ics$/.test(`${attachment.contentType ?? ''} ${attachment.filename ?? ''}`)) continue;
        const invite = readInvite(Buffer.from(String(attachment.content), 'base64').toString('utf8'));
        const zone = zoneOf.get(mail.relationshipId)!;
        const meetingNo = Number(/-meeting-(\d+)@/.exec(invite.uid)?.[1]);
        const meeting = meetingsOf.get(mail.relationshipId)!.find((m) => m.meetingNo === meetingNo)!;
        // The date this version of the invitation was made for: the planned slot, or where a move put it.
        const dates = [meeting.moves[0]?.from ?? meeting.startsAt, ...meeting.moves.map((m) => m.to)];
        // Read with the file's own VTIMEZONE; checked against the zone's rules here.
        const local = DateTime.fromJSDate(invite.start, { zone });
        expect(invite.tzid).toBe(zone);
        expect(invite.startLocal(zone)).toBe(local.toFormat("yyyy-MM-dd'T'HH:mm"));
        expect(dates.map((d) => DateTime.fromISO(d, { zone }).toFormat("yyyy-MM-dd'T'HH:mm"))).toContain(local.toFormat("yyyy-MM-dd'T'HH:mm"));
        if (invite.method === 'REQUEST' && meeting.moves.length === 0) {
          expect(local.toFormat('HH:mm')).toBe(program.meetings.time);
          expect(isWorkingDay(local.toJSDate(), { program, startDate: '2027-01-11', timeZone: zone })).toBe(true);
        }
        offsets.add(`${zone} ${local.offset}`);
        invitations += 1;
      }
    // Winter and summer time in the European zones, and Jakarta's one offset.
    expect(offsets).toContain('Europe/Amsterdam 60');
    expect(offsets).toContain('Europe/Amsterdam 120');
    expect(offsets).toContain('Asia/Jakarta 420');
    console.log(`${invitations} invitations and cancellations read back, across ${offsets.size} zone offsets`);
  });

  test('no participant gets more than 40 e-mails, a relationship extended past its year included', () => {
    const { participants, coordinators, people } = run.mailPerPerson;
    expect(participants.count).toBe(16);
    expect(people.reduce((n, p) => n + p.emails, 0)).toBe(run.emails.length);
    console.log(
      `e-mails per participant: max ${participants.max}, mean ${participants.mean} (${participants.count}); coordinator ${coordinators.max}; ${run.emails.length} in all`,
    );
    expect(people.filter((p) => p.roles.some((role) => role !== 'coordinator') && p.emails > 40)).toEqual([]);
  });

  test('the questions due before the next meeting come with the check-in: no review or working agreement sends an e-mail of its own', () => {
    const ownFirst = run.emails.filter((e) => ['review', 'working-agreement'].includes(e.kind));
    expect(ownFirst).toEqual([]);
    const carrying = run.emails.filter((e) => e.kind === 'check-in' && questionLinksOf(e).length > 1);
    // Each member: the working agreement, three reviews and the look back, in each of the six relationships at least.
    expect(carrying.length).toBeGreaterThanOrEqual(6 * 2 * 3);
  });
});

describe('the year’s events, as the organisation’s warehouse receives them (the run record’s events.jsonl)', () => {
  const ofKind = (kind: EventKind, relationshipId?: string) =>
    run.events.filter((e) => e['detail-type'] === kind && (!relationshipId || e.detail.relationshipId === relationshipId));

  test('every event is valid against the JSON Schema committed for its kind and version', () => {
    const schemas = new Map<string, z.ZodType>();
    const schemaOf = (kind: EventKind, version: number) => {
      const file = schemaFile(kind, version);
      if (!schemas.has(file)) schemas.set(file, z.fromJSONSchema(JSON.parse(readFileSync(new URL(`../../events/schemas/${file}`, import.meta.url), 'utf8'))));
      return schemas.get(file)!;
    };
    const invalid = run.events.flatMap((event) => {
      const checked = schemaOf(event['detail-type'], event.detail.version).safeParse(event);
      return checked.success ? [] : [`${event.detail.eventId}: ${checked.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`];
    });
    expect(invalid).toEqual([]);
    // The year shows most kinds: no match was declined and no address bounced with this seed.
    expect(new Set(run.events.map((e) => e['detail-type'])).size).toBe(14);
  });

  test('no event names a person, gives an address or a goal, or says who asked to end: ids, kinds, dates, outcomes and counts', () => {
    const text = run.events.map((e) => JSON.stringify(e)).join('\n');
    const people = rows.flatMap((row) => [row.mentee, row.mentor, row.manager, row.coordinator]);
    const leaks = [...new Set(people.flatMap((p) => [p.name, p.email, p.email.split('@')[0]!]))].filter((word) =>
      text.toLowerCase().includes(word.toLowerCase()),
    );
    expect(leaks).toEqual([]);
    expect(rows.flatMap((row) => (row.circle && text.includes(row.circle) ? [row.circle] : []))).toEqual([]);
    expect(text).not.toContain('quarterly planning');
    // No person is named by id either: nobody bounced, and an early end never says who asked.
    const personIds = relationships.flatMap((r) => [r.mentorId, r.coordinatorId, ...r.mentees.flatMap((m) => [m.personId, m.managerId])]);
    expect(personIds.filter((id) => text.includes(id))).toEqual([]);
    expect(ofKind('RelationshipClosed').find((e) => 'ending' in e.detail && e.detail.ending === 'ended-early')).toBeDefined();
  });

  test('they tell the year the summary tells: each relationship matched and closed once, every meeting held, not held or unanswered, each review, pause, extension and follow-up', () => {
    for (const pair of run.pairs) {
      const r = relationships.find((x) => x.relationshipId === pair.relationshipId)!;
      const id = pair.relationshipId;
      expect(
        {
          matched: ofKind('MatchAccepted', id).length,
          held: ofKind('MeetingHeld', id).length,
          notHeld: ofKind('MeetingNotHeld', id).length,
          unanswered: ofKind('CheckInUnanswered', id).length,
          reviews: ofKind('ReviewDone', id).filter((e) => 'final' in e.detail && !e.detail.final).length,
          paused: ofKind('RelationshipPaused', id).length,
          resumed: ofKind('RelationshipResumed', id).length,
          extended: ofKind('ExtensionDecided', id).filter((e) => 'approved' in e.detail && e.detail.approved).length,
          closed: ofKind('RelationshipClosed', id).map((e) => ('ending' in e.detail ? e.detail.ending : '')),
          followedUp: ofKind('FollowedUp', id).length,
        },
        id,
      ).toEqual({
        matched: 1,
        held: pair.meetings.held,
        notHeld: pair.meetings.notHeld,
        unanswered: pair.meetings.unanswered,
        reviews: pair.reviews,
        paused: r.pauses.length,
        resumed: r.pauses.filter((p) => p.resumedAt).length,
        extended: r.extensions,
        closed: [r.ending],
        followedUp: r.recordCompletedAt ? 1 : 0,
      });
    }
    // Every meeting's outcome follows the event that planned that date of it.
    const dateOf = (d: RelationshipEvent['detail']) => ('startsAt' in d ? `${d.relationshipId} ${d.meetingNo}.${d.occurrence} ${d.startsAt}` : '');
    const plannedAt = new Map(ofKind('MeetingPlanned').map((e) => [dateOf(e.detail), e.detail.at]));
    const unplanned = (['MeetingHeld', 'MeetingMoved', 'MeetingNotHeld', 'CheckInUnanswered'] as const).flatMap((kind) =>
      ofKind(kind).flatMap(({ detail }) => ((plannedAt.get(dateOf(detail)) ?? '9999') <= detail.at ? [] : [detail.eventId])),
    );
    expect(unplanned).toEqual([]);
    console.log(
      `${run.events.length} events: ${[...new Set(run.events.map((e) => e['detail-type']))].map((kind) => `${kind} ${ofKind(kind).length}`).join(', ')}`,
    );
  });

  test('each event is there once, in the order events.jsonl keeps: by time, relationship and the order of a relationship’s life', () => {
    const ids = run.events.map((e) => e.detail.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(run.events.map((e) => e.detail.eventId)).toEqual([...(run.events as RelationshipEvent[])].sort(eventOrder).map((e) => e.detail.eventId));
  });
});
