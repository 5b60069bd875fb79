import type { AskedKindName } from '#domain/model';
import type { RecordedBy } from '#domain/task-payloads';
import { checkIn } from '#use-cases/meetings/check-in';
import { extension } from '#use-cases/closure/extension';
import { followUp } from '#use-cases/follow-up/follow-up';
import { goalConfirmation } from '#use-cases/agreement/goal-confirmation';
import { goalEndorsement } from '#use-cases/agreement/goal-endorsement';
import { goals } from '#use-cases/agreement/goals';
import type { QuestionKind } from '#use-cases/relationship/question-kind';
import { lookBack } from '#use-cases/reviews/look-back';
import { match } from '#use-cases/matching/match';
import { pause } from '#use-cases/pauses/pause-question';
import { review } from '#use-cases/reviews/review';
import { workingAgreement } from '#use-cases/agreement/working-agreement';

/** Every kind of question the lifecycle asks, by the name its state machine task passes; each records what its state machine reads. */
export const QUESTION_KINDS: { [K in AskedKindName]: QuestionKind<never, RecordedBy<K>> } = {
  match: match,
  'working-agreement': workingAgreement,
  goals: goals,
  'goal-confirmation': goalConfirmation,
  'goal-endorsement': goalEndorsement,
  'check-in': checkIn,
  review: review,
  'look-back': lookBack,
  extension: extension,
  'follow-up': followUp,
  pause: pause,
};
