import { describe, expect, test } from 'vitest';
import { relationshipTimeline, type TimelineFacts } from '#domain/desk/timeline';
import { consoleUrl, timelineText } from '#presentation/reports/timeline-text';

const id = 'rel-0123456789ab';
const arn = (name: string) => `arn:aws:states:eu-west-1:123456789012:execution:mentoring-Main:${name}`;
const facts: TimelineFacts = {
  relationship: {
    relationshipId: id,
    enrolledAt: '2027-01-04T09:00:00.000Z',
    pauses: [{ pauseNo: 1, from: '2027-02-10T09:00:00.000Z', plannedUntil: '2027-03-10T09:00:00.000Z', resumedAt: '2027-03-01T10:00:00.000Z' }],
    endRequestedAt: '2027-04-02T08:00:00.000Z',
    closedAt: '2027-04-02T08:05:00.000Z',
    ending: 'ended-early',
    safetyNetAlerts: { alerted: { '2027-02-03': ['two-missed-in-a-row/meeting-2', 'silent/since-2027-01-04'] }, folded: [] },
  },
  meetings: [
    { meetingNo: 2, startsAt: '2027-01-25T09:00:00.000Z', status: 'not-held', moves: [] },
    {
      meetingNo: 1,
      startsAt: '2027-01-19T09:00:00.000Z',
      status: 'held',
      moves: [{ from: '2027-01-18T09:00:00.000Z', to: '2027-01-19T09:00:00.000Z' }],
      mode: 'phone',
      rating: 5,
    },
  ],
  saved: [
    {
      kind: 'end-relationship',
      subject: {},
      answers: { 'p-mentee': { role: 'mentee', answeredAt: '2027-04-02T08:00:00.000Z', outcome: 'end' } },
    },
    {
      kind: 'check-in',
      subject: { meetingNo: 1, occurrence: 2 },
      answers: { 'p-mentor': { role: 'mentor', answeredAt: '2027-01-19T12:00:00.000Z', outcome: 'held' } },
    },
  ],
  mail: [{ kind: 'match', recipientRole: 'mentee', sentAt: '2027-01-04T09:00:00.000Z' }],
  runs: [
    {
      machine: 'Main',
      name: `${id}-matching`,
      status: 'SUCCEEDED',
      startedAt: '2027-01-04T09:00:00.000Z',
      stoppedAt: '2027-01-05T10:00:00.000Z',
      executionArn: arn(`${id}-matching`),
    },
    {
      machine: 'Conclusion',
      name: `${id}-conclusion`,
      status: 'SUCCEEDED',
      startedAt: '2027-04-02T08:00:01.000Z',
      stoppedAt: '2027-04-02T08:05:00.000Z',
      executionArn: arn(`${id}-conclusion`),
    },
  ],
};

describe('a relationship’s story, in order', () => {
  test('every event oldest first; events of one instant in a fixed order', () => {
    expect(relationshipTimeline(facts).map((e) => `${e.at} ${e.event}`)).toEqual([
      '2027-01-04T09:00:00.000Z enrolled',
      '2027-01-04T09:00:00.000Z run',
      '2027-01-04T09:00:00.000Z e-mail',
      '2027-01-19T09:00:00.000Z meeting',
      '2027-01-19T12:00:00.000Z answer',
      '2027-01-25T09:00:00.000Z meeting',
      '2027-02-03 alert',
      '2027-02-10T09:00:00.000Z paused',
      '2027-03-01T10:00:00.000Z resumed',
      '2027-04-02T08:00:00.000Z answer',
      '2027-04-02T08:00:00.000Z end requested',
      '2027-04-02T08:00:01.000Z run',
      '2027-04-02T08:05:00.000Z closed',
    ]);
  });

  test('who asked to end without blame is not told; a check-in’s answer says whose it was', () => {
    const answers = relationshipTimeline(facts).filter((e) => e.event === 'answer');
    expect(answers).toEqual([
      { at: '2027-01-19T12:00:00.000Z', event: 'answer', kind: 'check-in', subject: { meetingNo: 1, occurrence: 2 }, by: 'mentor', outcome: 'held' },
      { at: '2027-04-02T08:00:00.000Z', event: 'answer', kind: 'end-relationship', subject: {}, outcome: 'end' },
    ]);
  });

  test('as text: one line an event, the moved meeting and the alert’s reasons said, each run’s console link on AWS', () => {
    const story = {
      relationshipId: id,
      programId: 'pilot',
      phase: 'conclusion',
      status: 'closed',
      mentor: { personId: 'p-mentor', name: 'Lars Hansen', email: 'lars@example.org' },
      mentees: [{ personId: 'p-mentee', name: 'Giulia Romano', email: 'giulia@example.org', standing: 'in' as const }],
      coordinator: { personId: 'p-c', name: 'Kari Nordmann', email: 'kari@example.org' },
      events: relationshipTimeline(facts),
    };
    const lines = timelineText(story, { consoleLinks: true }).split('\n');
    expect(lines[0]).toBe(
      `Relationship ${id} in program pilot: Giulia Romano with mentor Lars Hansen; coordinator Kari Nordmann. Now closed, conclusion; 13 events (UTC):`,
    );
    expect(lines.slice(1)).toEqual([
      '2027-01-04 09:00  enrolled',
      '2027-01-04 09:00  run matching started: succeeded 2027-01-05 10:00',
      `                  https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/${arn(`${id}-matching`)}`,
      '2027-01-04 09:00  e-mail match to the mentee',
      '2027-01-19 09:00  meeting 1: held (phone, rated 5), moved from 2027-01-18 09:00',
      '2027-01-19 12:00  answer to check-in of meeting 1 from the mentor: held',
      '2027-01-25 09:00  meeting 2: not-held',
      '2027-02-03        safety net: at risk (meetings missed, silent), for the coordinator’s weekly digest',
      '2027-02-10 09:00  paused (pause 1, back 2027-03-10 09:00)',
      '2027-03-01 10:00  resumed (pause 1)',
      '2027-04-02 08:00  answer to end-relationship: end',
      '2027-04-02 08:00  asked to end without blame',
      '2027-04-02 08:00  run conclusion started: succeeded 2027-04-02 08:05',
      `                  ${consoleUrl(arn(`${id}-conclusion`))}`,
      '2027-04-02 08:05  closed: ended-early',
    ]);
    expect(timelineText(story, { consoleLinks: false })).not.toContain('console.aws.amazon.com');
  });
});
