import { describe, expect, test } from 'vitest';
import { getQuestion, planMeeting, updateRelationship } from '#adapters/store';
import { askParticipants } from '#use-cases/questions/ask';
import { visitLink } from '#use-cases/questions/responses';
import type { AnswerRequest } from '#http/answer-request';
import { responseTo, visitOf } from '#http/page-response';
import { checkInQuestionId } from '#use-cases/meetings/check-in';
import { exampleProgram } from '../support/cohort.ts';
import { formAsShown } from '../support/page-forms.ts';
import { enrolExample, onTwins } from './twins.ts';

const twins = onTwins();
const program = exampleProgram();

const request = (linkId: string, method: 'GET' | 'POST', { answer, body }: { answer?: string; body?: string } = {}): AnswerRequest => ({
  method,
  linkId,
  query: answer ? { answer } : {},
  headers: body ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
  ...(body ? { body } : {}),
  isBase64Encoded: false,
});

/** The page a button opens, and its own button pressed: two clicks. */
/** The page as the answer-page handler serves it for this request. */
const respondToLink = async (request: AnswerRequest) => responseTo(request, await visitLink(visitOf(request)));

const answerWith = async (url: string) => {
  const { pathname, searchParams } = new URL(url);
  const linkId = pathname.split('/').at(-1)!;
  const page = await respondToLink(request(linkId, 'GET', { answer: searchParams.get('answer') ?? undefined }));
  expect(page.statusCode).toBe(200);
  return respondToLink(request(linkId, 'POST', { body: formAsShown(page.body).toString() }));
};

describe('answering a check-in, on the twins', () => {
  test('the first answer settles the question and resumes its execution once; later presses change nothing', async () => {
    const [relationshipId] = (await enrolExample(program)) as [string];
    await updateRelationship(relationshipId, { status: 'active', phase: 'meetings-1' });
    await planMeeting(relationshipId, 1, new Date('2027-02-01T09:00:00.000Z'));
    twins.now = new Date('2027-02-01T12:00:00.000Z');
    twins.workflow.waitOn('token-check-in');
    await askParticipants({ relationshipId, kind: 'check-in', meetingNo: 1, occurrence: 1, taskToken: 'token-check-in', attempt: 'first' });
    const letters = twins.mail.outbox().filter((m) => m.kind === 'check-in');
    expect(letters.map((m) => m.role).sort()).toEqual(['mentee', 'mentor']);
    const [mentor, mentee] = ['mentor', 'mentee'].map((role) => letters.find((m) => m.role === role)!);

    twins.now = new Date('2027-02-01T15:00:00.000Z');
    expect((await answerWith(mentor!.letter.actions![0]!.url)).statusCode).toBe(200);
    const questionId = checkInQuestionId(relationshipId, 1, 1);
    expect(await getQuestion(questionId)).toMatchObject({ state: 'answered', outcome: 'held', settledAt: '2027-02-01T15:00:00.000Z' });
    expect(twins.workflow.resumed()).toEqual([{ taskToken: 'token-check-in', output: { outcome: 'held' } }]);

    // The mentee answers otherwise later, and the mentor presses again: the question stays settled, nothing resumes twice.
    twins.now = new Date('2027-02-01T16:00:00.000Z');
    expect((await answerWith(mentee!.letter.actions![2]!.url)).body).toContain('already');
    expect((await answerWith(mentor!.letter.actions![0]!.url)).body).toContain('already');
    expect(await getQuestion(questionId)).toMatchObject({ state: 'answered', outcome: 'held', settledAt: '2027-02-01T15:00:00.000Z' });
    expect(Object.keys((await getQuestion(questionId))!.answers)).toEqual([mentor!.personId]);
    expect(twins.workflow.resumed()).toHaveLength(1);
  });
});
