import { describe, expect, test } from 'vitest';
import {
  agreementConfirmed,
  atRiskAlerted,
  checkInRecorded,
  matchDecided,
  meetingPlanned,
  personUndeliverable,
  relationshipClosed,
  reviewDone,
} from '#domain/events/events';
import { EVENT_KINDS, EVENT_SCHEMAS, eventOrder, type RelationshipEvent } from '#domain/events/schemas';
import { MISSED_IN_A_ROW } from '#domain/at-risk';
import { committedSchemas, currentSchemas } from '../support/event-schemas.ts';

const r = { relationshipId: 'rel-0e6103328c2d', programId: 'leadership-pilot' };
const at = new Date('2027-02-01T14:24:00.000Z');
const meeting3 = { meetingNo: 3, occurrence: 1, startsAt: '2027-02-01T09:00:00.000Z' };
const valid = (event: RelationshipEvent) => EVENT_SCHEMAS.find((s) => s.kind === event['detail-type'])!.schema.parse(event);

describe('the schemas committed for consumers', () => {
  test('events/schemas/ holds the JSON Schema of every kind and version as the code draws it: after changing an event, npm run events writes them again', async () => {
    const committed = await committedSchemas();
    const current = currentSchemas();
    expect([...committed.keys()]).toEqual([...current.keys()].sort());
    for (const [file, schema] of current) expect(committed.get(file), file).toEqual(schema);
  });

  test('every kind has a version 1, named in its file; a detail takes no field it does not declare', () => {
    expect(EVENT_SCHEMAS.map(({ kind, version }) => `${kind}.v${version}`)).toEqual(EVENT_KINDS.map((kind) => `${kind}.v1`));
    const held = checkInRecorded(r, meeting3, { outcome: 'held', held: { mode: 'video', rating: 4 } }, at);
    expect(() => valid({ ...held, detail: { ...held.detail, note: 'We talked about the budget' } } as never)).toThrow();
  });
});

describe('each event, from what its step knows', () => {
  test('a check-in recorded as held carries the meeting, how they met and its rating; its id names the meeting, not the time', () => {
    const event = checkInRecorded(r, meeting3, { outcome: 'held', held: { mode: 'video', rating: 4 } }, at);
    expect(event).toEqual({
      source: 'mentoring.relationship',
      'detail-type': 'MeetingHeld',
      detail: {
        eventId: 'rel-0e6103328c2d/MeetingHeld/3.1',
        version: 1,
        programId: 'leadership-pilot',
        relationshipId: 'rel-0e6103328c2d',
        at: '2027-02-01T14:24:00.000Z',
        meetingNo: 3,
        occurrence: 1,
        startsAt: '2027-02-01T09:00:00.000Z',
        mode: 'video',
        rating: 4,
      },
    });
    // The same step run again a minute later publishes the same event: consumers keep it once.
    expect(checkInRecorded(r, meeting3, { outcome: 'held', held: {} }, new Date(at.getTime() + 60_000)).detail.eventId).toBe(event.detail.eventId);
    expect(valid(event)).toEqual(event);
  });

  test('a moved meeting names its new date; not held and unanswered are kinds of their own', () => {
    expect(checkInRecorded(r, meeting3, { outcome: 'moved', movedTo: '2027-02-03T09:00:00.000Z' }, at).detail).toMatchObject({
      eventId: 'rel-0e6103328c2d/MeetingMoved/3.1',
      movedTo: '2027-02-03T09:00:00.000Z',
    });
    expect(checkInRecorded(r, meeting3, { outcome: 'not-held' }, at)['detail-type']).toBe('MeetingNotHeld');
    expect(checkInRecorded(r, meeting3, { outcome: 'unanswered' }, at)['detail-type']).toBe('CheckInUnanswered');
    // The moved meeting's new date is an occurrence of its own, planned when the meetings phase takes it.
    expect(meetingPlanned(r, { ...meeting3, occurrence: 2, startsAt: '2027-02-03T09:00:00.000Z' }, at).detail.eventId).toBe(
      'rel-0e6103328c2d/MeetingPlanned/3.2',
    );
  });

  test('a match that did not go ahead says whether anyone declined, never who; one that did counts who stays and who left a circle', () => {
    const declined = matchDecided(r, { decision: 'declined', stayed: 0, left: 0 }, at);
    expect(declined).toMatchObject({ 'detail-type': 'MatchDeclined', detail: { outcome: 'declined' } });
    expect(Object.keys(declined.detail).sort()).toEqual(['at', 'eventId', 'outcome', 'programId', 'relationshipId', 'version']);
    expect(matchDecided(r, { decision: 'no-answer', stayed: 0, left: 0 }, at).detail).toMatchObject({ outcome: 'unanswered' });
    expect(matchDecided(r, { decision: 'accepted', stayed: 2, left: 1 }, at)).toMatchObject({
      'detail-type': 'MatchAccepted',
      detail: { mentees: 2, menteesLeft: 1 },
    });
  });

  test('the agreement counts the goals proposed, and mentees by what their line manager did: endorsed, to discuss, or nothing', () => {
    const proposed = [{ goals: ['a', 'b'] }, { goals: ['c'] }, { goals: ['d', 'e'] }];
    const answered = [{ outcome: 'endorse' as const }, { outcome: 'discuss' as const }, { outcome: 'none' as const }];
    expect(agreementConfirmed(r, proposed, answered, at).detail).toMatchObject({
      goals: 5,
      menteesEndorsed: 1,
      menteesToDiscuss: 1,
      menteesUnanswered: 1,
    });
  });

  test("the coordinator's alert of the day names its reasons and meetings, once each, under the day", () => {
    const facts = (meetingNo: number) => ({ meetingNo, startsAt: '2027-02-01T09:00:00.000Z', status: 'not-held' as const });
    const event = atRiskAlerted(
      r,
      [
        { reason: MISSED_IN_A_ROW, trigger: 'meeting-4', meetings: [facts(4), facts(3)] },
        { reason: 'low-rating', trigger: 'meeting-3', meetings: [{ ...facts(3), status: 'not-held' }], rating: 1 },
        { reason: 'silent', trigger: 'since-2027-01-11T00:00:00.000Z', since: '2027-01-11T00:00:00.000Z', days: 31 },
      ],
      '2027-02-01',
      at,
    );
    expect(event.detail).toMatchObject({
      eventId: 'rel-0e6103328c2d/AtRiskAlerted/2027-02-01',
      reasons: ['missed-in-a-row', 'low-rating', 'silent'],
      meetingNos: [3, 4],
    });
    expect(valid(event)).toEqual(event);
  });

  test('the end of a relationship says how it ended and how often it paused and was extended, never who asked', () => {
    const event = relationshipClosed({ ...r, pauses: [{ pauseNo: 1, from: '2027-04-01T00:00:00.000Z' }], extensions: 0 }, 'ended-early', at);
    expect(event.detail).toEqual({
      eventId: 'rel-0e6103328c2d/RelationshipClosed',
      version: 1,
      programId: 'leadership-pilot',
      relationshipId: 'rel-0e6103328c2d',
      at: '2027-02-01T14:24:00.000Z',
      ending: 'ended-early',
      pauses: 1,
      extensions: 0,
    });
  });

  test('an unreachable person is an id and a reason; marked again after being cleared, a new event', () => {
    const person = { personId: 'p-3f2a1b0c9d8e', undeliverableBecause: 'complaint' as const, undeliverableSince: '2027-03-01T10:00:05.000Z' };
    const event = personUndeliverable(r, person, at);
    expect(event.detail).toMatchObject({ personId: 'p-3f2a1b0c9d8e', because: 'complaint' });
    expect(valid(event)).toEqual(event);
    expect(personUndeliverable(r, { ...person, undeliverableSince: '2027-06-01T08:00:00.000Z' }, at).detail.eventId).not.toBe(event.detail.eventId);
  });

  test('events at one instant sort by relationship, then by the order of a relationship’s life', () => {
    const closed = relationshipClosed({ ...r, pauses: [], extensions: 0 }, 'completed', at);
    const review = reviewDone(r, 'final', { final: true, ratings: 4 }, at);
    const other = reviewDone({ ...r, relationshipId: 'rel-00aa' }, 'final', { final: true, ratings: 2 }, at);
    const held = checkInRecorded(r, meeting3, { outcome: 'held', held: {} }, at);
    const earlier = meetingPlanned(r, meeting3, new Date(at.getTime() - 1));
    expect([closed, review, other, held, earlier].sort(eventOrder).map((e) => `${e.detail.relationshipId} ${e['detail-type']}`)).toEqual([
      'rel-0e6103328c2d MeetingPlanned',
      'rel-00aa ReviewDone',
      'rel-0e6103328c2d MeetingHeld',
      'rel-0e6103328c2d ReviewDone',
      'rel-0e6103328c2d RelationshipClosed',
    ]);
  });
});
