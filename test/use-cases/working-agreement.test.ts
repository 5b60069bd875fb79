import { describe, expect, test } from 'vitest';
import { getRelationship, planMeeting, updateRelationship } from '#adapters/store';
import { workingAgreement } from '#use-cases/agreement/working-agreement';
import { calendarOf, loadRelationship } from '#use-cases/relationship/relationship-context';
import { meetingSlot } from '#domain/program/schedule';
import type { GivenAnswer } from '#domain/model';
import { exampleProgram } from '../support/cohort.ts';
import { openQuestionOf } from '../support/questions.ts';
import { enrolExample, onTwins } from './twins.ts';

const twins = onTwins();
const program = exampleProgram();

const agreed = (role: 'mentor' | 'mentee', frequency: string): GivenAnswer => ({
  role,
  answeredAt: '2027-01-19T12:00:00.000Z',
  outcome: 'agreed',
  details: { modes: 'video', frequency },
});

describe('recording the working agreement, on the twins', () => {
  test('the agreed rhythm applies from the meeting after those already planned, and a retry keeps where it starts', async () => {
    const [relationshipId] = (await enrolExample(program)) as [string];
    await updateRelationship(relationshipId, { status: 'active', phase: 'meetings-1' });
    const context = await loadRelationship(relationshipId);
    // Meeting 1 was held; its check-in announced meeting 2, so that one is planned already.
    for (const meetingNo of [1, 2]) await planMeeting(relationshipId, meetingNo, meetingSlot(context.calendar, meetingNo)!);
    const links = { [context.mentor.personId]: 'link-mentor', [context.mentees[0]!.personId]: 'link-mentee' };
    const question = {
      ...openQuestionOf('working-agreement', {}, links),
      answers: { [context.mentor.personId]: agreed('mentor', 'monthly'), [context.mentees[0]!.personId]: agreed('mentee', 'weekly') },
    };
    twins.now = new Date('2027-01-20T09:00:00.000Z');

    expect(await workingAgreement.record(context, question, {})).toEqual({ agreed: true, answered: 2 });
    const recorded = await getRelationship(relationshipId);
    expect(recorded.workingAgreement).toMatchObject({ frequency: 'monthly', fromMeetingNo: 3 });
    expect(calendarOf(recorded, program).rhythm).toEqual({
      cadence: [program.meetings.cadence[0], { every: { months: 1 }, until: { months: 12 } }],
      fromMeetingNo: 3,
    });

    // A retry after meeting 3 was planned: the rhythm still starts where it was first recorded.
    await planMeeting(relationshipId, 3, meetingSlot(calendarOf(recorded, program), 3)!);
    await workingAgreement.record(await loadRelationship(relationshipId), question, {});
    expect((await getRelationship(relationshipId)).workingAgreement?.fromMeetingNo).toBe(3);
  });
});
