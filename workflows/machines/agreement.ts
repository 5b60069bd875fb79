import { Choice, Condition, Pass, Result, Succeed, Wait, WaitTime } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import * as z from 'zod';
import { phasePlan } from '#domain/task-payloads';
import type { WorkflowFunctions } from '../handlers.ts';
import { askWithReminder, recordBoth, type Question } from '../steps/ask-with-reminder.ts';
import { step } from '../steps/invoke.ts';
import { equals, pathsOf, phaseOf, relationshipOf, render, tasksOf, type Fields } from '../steps/payloads.ts';

/** The round of goals being proposed, kept in the state between proposal and confirmation. */
const goalsRound = z.object({ round: z.number().int().positive() });

/**
 * Beside the first months of meetings: after the first meeting each confirms the working
 * agreement (confidentiality, how and how often they meet); the mentee proposes goals tied to
 * the program's competencies, the mentor confirms or asks for changes, the line manager
 * endorses them. Each question has its reminder and, unanswered, goes to the coordinator.
 */
export const agreementMachine = (scope: Construct, fn: WorkflowFunctions) => {
  const task = tasksOf(fn);
  const plan = pathsOf('$.plan', phasePlan);
  const goals = pathsOf('$.goals', goalsRound);
  const ask = <K extends Question['kind']>(
    names: [string, string, string],
    kind: K,
    recordNames: [string, string],
    resultPath: string,
    subject: Omit<Question, 'kind' | 'relationshipId'> = {},
  ) => {
    const question: Question<K> = { ...relationshipOf, kind, ...subject };
    const record = recordBoth(scope, task.recordAnswer, recordNames, question, resultPath);
    return {
      first: askWithReminder(scope, {
        ask: names[0],
        remind: names[1],
        escalate: names[2],
        task: task.askParticipants,
        question,
        windows: plan.windows,
        ...record,
      }),
      record,
    };
  };
  const round = { round: goals.round };

  const workingAgreement = ask(
    [
      'Ask each to confirm how they will work together',
      'Remind them to confirm the working agreement',
      'Tell the coordinator the working agreement is unconfirmed',
    ],
    'working-agreement',
    ['Record the working agreement', 'Record the working agreement as unconfirmed'],
    '$.workingAgreement',
  );
  const proposal = ask(
    ['Ask the mentee to propose goals', 'Remind the mentee to propose goals', 'Tell the coordinator no goals were proposed'],
    'goals',
    ['Record the proposed goals', 'Record that no goals were proposed'],
    '$.proposal',
    round,
  );
  const confirmation = ask(
    ['Ask the mentor to confirm the goals', 'Remind the mentor to confirm the goals', 'Tell the coordinator the goals are unconfirmed'],
    'goal-confirmation',
    ['Record the mentor’s answer', 'Record the goals as unconfirmed'],
    '$.confirmation',
    round,
  );
  const endorsement = ask(
    ['Ask the line manager to endorse the goals', 'Remind the line manager to endorse the goals', 'Tell the coordinator the goals are not endorsed'],
    'goal-endorsement',
    ['Record the line manager’s endorsement', 'Record the goals as not endorsed'],
    '$.endorsement',
  );
  const agreed = new Succeed(scope, 'The mentoring agreement stands');

  workingAgreement.record.answered.next(proposal.first);
  workingAgreement.record.unanswered.next(proposal.first);
  const proposed = new Choice(scope, 'Did the mentee propose goals?')
    .when(Condition.numberGreaterThan(proposal.record.result.proposed.path, 0), confirmation.first)
    .otherwise(new Succeed(scope, 'No goals were agreed'));
  proposal.record.answered.next(proposed);
  proposal.record.unanswered.next(proposed);
  const nextRound: Fields<z.input<typeof goalsRound>> = { round: confirmation.record.result.nextRound };
  const changes = new Choice(scope, 'Did the mentor ask for changes?')
    .when(
      equals(confirmation.record.result.decision, 'changes'),
      new Pass(scope, 'Begin the next proposal', { parameters: render(nextRound), resultPath: goals.path }).next(proposal.first),
    )
    .otherwise(endorsement.first);
  confirmation.record.answered.next(changes);
  confirmation.record.unanswered.next(changes);
  endorsement.record.answered.next(agreed);
  endorsement.record.unanswered.next(agreed);

  const firstRound: z.input<typeof goalsRound> = { round: 1 };
  return step(scope, 'Plan the first meeting’s follow-up', task.planPhase, phaseOf, plan)
    .next(new Pass(scope, 'Begin with the first proposal of goals', { result: Result.fromObject(firstRound), resultPath: goals.path }))
    .next(new Wait(scope, 'Wait until the first meeting is over', { time: WaitTime.timestampPath(plan.waitUntil.path) }))
    .next(workingAgreement.first);
};
