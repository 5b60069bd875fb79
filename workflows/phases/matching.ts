import { Choice, Condition } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { WorkflowFunctions } from '../handlers.ts';
import { askWithReminder } from '../steps/ask-with-reminder.ts';
import { step } from '../steps/invoke.ts';
import { phaseOf, planWindows, recordBoth, relationshipOf, startNextPhase } from '../steps/payloads.ts';

/**
 * The proposed match: mentor and mentee each accept or decline, with a reminder and then the
 * coordinator told. Accepted: they are introduced, line managers told, and meetings begin.
 * Declined or unanswered: both hear it kindly and the coordinator gets a rematch request.
 */
export const matchingPhase = (scope: Construct, fn: WorkflowFunctions) => {
  const payload = { ...relationshipOf, kind: 'match' };
  const record = recordBoth(scope, fn, ['Record their decisions', 'Record the match as unanswered'], payload, '$.match');
  const decided = new Choice(scope, 'Did they accept the match?')
    .when(
      Condition.stringEquals('$.match.decision', 'accepted'),
      step(scope, 'Introduce them and tell the line manager', fn.sendLetters, { ...relationshipOf, letter: 'introduction' }).next(
        startNextPhase(scope, fn, 'Start the meetings and the agreement'),
      ),
    )
    .otherwise(step(scope, 'Let them know kindly and ask for a rematch', fn.closeRelationship, { ...relationshipOf, ending: 'not-matched' }));
  record.answered.next(decided);
  record.unanswered.next(decided);

  return step(scope, 'Plan the matching', fn.planPhase, phaseOf, '$.plan').next(
    askWithReminder(scope, {
      ask: 'Propose the match to mentor and mentee',
      remind: 'Remind them to accept or decline',
      escalate: 'Tell the coordinator the match is unanswered',
      fn: fn.askParticipants,
      payload,
      windows: planWindows('$.plan'),
      ...record,
    }),
  );
};
