import { randomBytes } from 'node:crypto';
import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { addDays } from '#workflows/program/schedule';
import { clock } from '#core/clock';
import type { Question } from '#core/model';
import { writeTo } from '#core/pair-letters';
import { loadRelationship } from '#core/relationship-context';
import { openQuestion, saveLinks } from '#core/store';
import type { QuestionTask } from '#core/task-input';
import { stepFunctions } from '#core/workflow-client';
import { QUESTION_KINDS } from './index.ts';

/** At least 128 bits, so a link cannot be guessed. */
const newLinkId = (): string => randomBytes(18).toString('base64url');

export const responseUrl = (linkId: string, answer?: string): string =>
  `${process.env.RESPONSE_BASE_URL ?? 'http://127.0.0.1:3000'}/r/${linkId}${answer ? `?answer=${answer}` : ''}`;

/** What the waiting execution receives: the outcome only; who answered what stays in the tables. */
export const answerOutput = (question: Pick<Question, 'outcome'>) => JSON.stringify({ outcome: question.outcome });

/**
 * Asks a question and leaves the execution waiting for its answer. The reminder asks again
 * with the waiting task's new token; the links in both e-mails stay the same. If the question
 * settled in between, the execution resumes at once and nobody is reminded.
 */
export const askParticipants = async ({ relationshipId, kind: kindName, taskToken, attempt, ...subject }: QuestionTask): Promise<{ sent: number }> => {
  const kind = QUESTION_KINDS[kindName];
  const context = await loadRelationship(relationshipId);
  const { answers } = context.program;
  const { questionId, page } = await kind.prepare(context, subject as never);
  const asked = kind.asked(context);
  const closesAt = addDays(clock().now(), attempt === 'first' ? answers.windowDays + answers.reminderWindowDays : answers.reminderWindowDays);

  const question = await openQuestion({
    questionId,
    relationshipId,
    kind: kindName,
    subject,
    taskToken,
    state: 'open',
    links: Object.fromEntries(asked.map(({ person }) => [person.personId, newLinkId()])),
    answers: {},
    closesAt: closesAt.toISOString(),
    timeZone: context.relationship.timeZone,
    page,
  });
  await saveLinks(
    asked.map(({ person, role }) => ({
      linkId: question.links[person.personId]!,
      questionId,
      personId: person.personId,
      role,
      locale: person.locale,
      expiresAt: question.closesAt,
    })),
  );

  if (question.state === 'answered') {
    await stepFunctions().send(new SendTaskSuccessCommand({ taskToken, output: answerOutput(question) }));
    return { sent: 0 };
  }
  // Someone who already answered a question that waits for everyone is not reminded.
  const waitingFor = asked.filter(({ person }) => !question.answers[person.personId]);
  const sent = await writeTo(
    context,
    waitingFor,
    attempt === 'first' ? kindName : `${kindName}-reminder`,
    () => Object.values(subject).join('/') || 'once',
    ({ t, person, role, partner }) =>
      kind.letter(t, { person, role, partner }, question, attempt, (answer) => responseUrl(question.links[person.personId]!, answer)),
  );
  return { sent };
};
