import type { QuestionKindName } from '#core/model';
import { checkIn } from './check-in.ts';
import { endRelationship } from './end-relationship.ts';
import { extension } from './extension.ts';
import { followUp } from './follow-up.ts';
import { goalConfirmation } from './goal-confirmation.ts';
import { goalEndorsement } from './goal-endorsement.ts';
import { goals } from './goals.ts';
import type { QuestionKind, QuestionPage } from './kind.ts';
import { lookBack } from './look-back.ts';
import { match } from './match.ts';
import { pause } from './pause.ts';
import { review } from './review.ts';
import { workingAgreement } from './working-agreement.ts';

export type AskedKindName = Exclude<QuestionKindName, 'end-relationship'>;

/** Every kind of question the lifecycle asks, by the name its state machine task passes. */
export const QUESTION_KINDS: Record<AskedKindName, QuestionKind<never>> = {
  match: match as QuestionKind<never>,
  'working-agreement': workingAgreement as QuestionKind<never>,
  goals: goals as QuestionKind<never>,
  'goal-confirmation': goalConfirmation as QuestionKind<never>,
  'goal-endorsement': goalEndorsement as QuestionKind<never>,
  'check-in': checkIn as QuestionKind<never>,
  review: review as QuestionKind<never>,
  'look-back': lookBack as QuestionKind<never>,
  extension: extension as QuestionKind<never>,
  'follow-up': followUp as QuestionKind<never>,
  pause: pause as QuestionKind<never>,
};

/** What the answer pages need of every question, the standing ones included. */
export const QUESTION_PAGES: Record<QuestionKindName, QuestionPage> = { ...QUESTION_KINDS, 'end-relationship': endRelationship };
