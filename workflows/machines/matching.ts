import { Choice } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { phasePlan } from '#domain/task-payloads';
import type { WorkflowFunctions } from '../handlers.ts';
import { askWithReminder, recordBoth } from '../steps/ask-with-reminder.ts';
import { startNextPhase, step } from '../steps/invoke.ts';
import { equals, pathsOf, phaseOf, relationshipOf, tasksOf } from '../steps/payloads.ts';

/**
 * The proposed match: mentor and mentee each accept or decline, with a reminder and then the
 * coordinator told. Accepted: they are introduced, line managers told, and meetings begin.
 * Declined or unanswered: both hear it kindly and the coordinator gets a rematch request.
 */
export const matchingMachine = (scope: Construct, fn: WorkflowFunctions) => {
  const task = tasksOf(fn);
  const plan = pathsOf('$.plan', phasePlan);
  const question = { ...relationshipOf, kind: 'match' as const };
  const record = recordBoth(scope, task.recordAnswer, ['Record their decisions', 'Record the match as unanswered'], question, '$.match');
  const decided = new Choice(scope, 'Did they accept the match?')
    .when(
      equals(record.result.decision, 'accepted'),
      step(scope, 'Introduce them and tell the line manager', task.sendLetters, { ...relationshipOf, letter: 'introduction' }).next(
        startNextPhase(scope, task.startNextPhase, 'Start the meetings and the agreement'),
      ),
    )
    .otherwise(step(scope, 'Let them know kindly and ask for a rematch', task.closeRelationship, { ...relationshipOf, ending: 'not-matched' }));
  record.answered.next(decided);
  record.unanswered.next(decided);

  return step(scope, 'Plan the matching', task.planPhase, phaseOf, plan).next(
    askWithReminder(scope, {
      ask: 'Propose the match to mentor and mentee',
      remind: 'Remind them to accept or decline',
      escalate: 'Tell the coordinator the match is unanswered',
      task: task.askParticipants,
      question,
      windows: plan.windows,
      ...record,
    }),
  );
};
