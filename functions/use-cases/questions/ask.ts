import { linksFor, responseUrl } from '#presentation/pages/links';
import { answerWindowSeconds } from '#domain/program/schedule';
import { questionClosesAt } from '#domain/lifecycle/question-lifetimes';
import { notYetAnswered, subjectKey, writesTo } from '#domain/lifecycle/asking';
import { clock } from '#platform/clock';
import { formatDeadline } from '#presentation/messages/index';
import { coordinator, namesOf, writeTo } from '#use-cases/relationship/write-to';
import { holdersOf, loadRelationship } from '#use-cases/relationship/relationship-context';
import { openWithLinks, saveLinks } from '#adapters/store';
import type { QuestionTask } from '#domain/task-payloads';
import { QUESTION_KINDS } from './kinds.ts';
import { resumeSettled, settleStoredAnswers } from '#use-cases/relationship/settle';

/**
 * Asks a question and leaves the execution waiting for its answer. The reminder asks again
 * with the waiting task's new token, and so does the escalation, which writes to the
 * coordinator instead; the links stay the same throughout. If the question settled in
 * between, or an answer was stored but not yet acted on (the page failed after storing it),
 * the execution resumes at once with that answer and nobody is written to.
 */
export const askParticipants = async ({
  relationshipId,
  kind: kindName,
  taskToken,
  attempt,
  windowSeconds,
  ...subject
}: QuestionTask): Promise<{ sent: number }> => {
  const kind = QUESTION_KINDS[kindName];
  const loaded = await loadRelationship(relationshipId);
  const context = kind.beforeAsking ? await kind.beforeAsking(loaded) : loaded;
  const about = subject as never;
  const questionId = kind.questionId(relationshipId, about);
  const page = await kind.prepare(context, about);
  const asked = kind.asked(context, about);
  const now = clock().now();
  const closesAt = questionClosesAt(kindName, {
    now,
    attempt,
    windows: windowSeconds ?? answerWindowSeconds(context.program.answers),
    subject,
    calendar: context.calendar,
    pauses: context.relationship.pauses,
  });

  const holders = holdersOf(context);
  const opened = await openWithLinks(
    {
      questionId,
      relationshipId,
      kind: kindName,
      subject,
      taskToken,
      state: 'open',
      links: linksFor(questionId, asked),
      answers: {},
      closesAt: closesAt.toISOString(),
      timeZone: context.relationship.timeZone,
      page,
    },
    asked,
    holders,
  );
  // Someone it concerns was erased since the step read them: nothing written, nobody written to; the wait times out.
  if (!opened) return { sent: 0 };
  const question = await settleStoredAnswers(opened.question, kind, now.toISOString());
  // A new question's links went with it; a reminder's move on with the question's new closing time.
  const linked = opened.linked || (await saveLinks(question, asked, holders));
  if (!linked) return { sent: 0 };

  if (question.state === 'answered') {
    await resumeSettled(taskToken, question.outcome);
    return { sent: 0 };
  }
  const waitingFor = notYetAnswered(asked, question);
  const key = () => subjectKey(subject);
  const writing = writesTo(attempt, { remindsByEmail: kind.remindsByEmail, carriedBy: question.carriedBy });
  if (writing.to === 'coordinator') {
    const sent = await writeTo(context, coordinator(context), `${kindName}-escalation`, key, ({ t, person }) => ({
      subject: t('escalation.subject', {
        question: t(`questions.${kindName}`),
        names: namesOf(
          waitingFor.map((r) => r.person),
          person.locale,
        ),
      }),
      paragraphs: [
        t('escalation.body', {
          question: t(`questions.${kindName}`),
          names: namesOf(
            waitingFor.map((r) => r.person),
            person.locale,
          ),
          deadline: formatDeadline(question.closesAt, person.timeZone, person.locale),
        }),
        t('escalation.suggest'),
      ],
    }));
    return { sent };
  }
  // A calendar alarm reminds instead; or an earlier e-mail carried the first ask, and only its reminder goes out.
  if (writing.to === 'nobody') return { sent: 0 };
  const enclosures = writing.attempt === 'first' ? await kind.enclosures?.(context, about) : undefined;
  const sent = await writeTo(context, waitingFor, writing.attempt === 'first' ? kindName : `${kindName}-reminder`, key, (reader) => ({
    ...kind.letter(reader.t, reader, question, writing.attempt, (answer) => responseUrl(question.links[reader.person.personId]!, answer)),
    ...enclosures?.forReader(reader),
  }));
  await enclosures?.sent();
  return { sent };
};
