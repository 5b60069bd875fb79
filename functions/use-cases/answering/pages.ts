import type { QuestionKindName } from '#domain/model';
import { checkInPage } from '#use-cases/meetings/check-in-page';
import { endRelationship } from '#use-cases/endings/end-relationship';
import { extensionPage } from '#use-cases/closure/extension-page';
import { followUpPage } from '#use-cases/follow-up/follow-up-page';
import { goalConfirmationPage } from '#use-cases/agreement/goal-confirmation-page';
import { goalEndorsementPage } from '#use-cases/agreement/goal-endorsement-page';
import { goalsPage } from '#use-cases/agreement/goals-page';
import type { QuestionPage } from './kind.ts';
import { lookBackPage } from '#use-cases/reviews/look-back-page';
import { matchPage } from '#use-cases/matching/match-page';
import { pausePage } from '#use-cases/pauses/pause-question-page';
import { reviewPage } from '#use-cases/reviews/review-page';
import { workingAgreementPage } from '#use-cases/agreement/working-agreement-page';

/**
 * What the answer pages need of every question, the standing ones included. Built from the
 * page side of each kind only: the answer page's bundle then carries no letters, mail or records.
 */
export const QUESTION_PAGES: Record<QuestionKindName, QuestionPage> = {
  match: matchPage,
  'working-agreement': workingAgreementPage,
  goals: goalsPage,
  'goal-confirmation': goalConfirmationPage,
  'goal-endorsement': goalEndorsementPage,
  'check-in': checkInPage,
  review: reviewPage,
  'look-back': lookBackPage,
  extension: extensionPage,
  'follow-up': followUpPage,
  pause: pausePage,
  'end-relationship': endRelationship,
};
