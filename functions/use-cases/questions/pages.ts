import type { QuestionKindName } from '#domain/model';
import { checkInPage } from '#presentation/pages/questions/check-in-page';
import { endRelationship } from '#use-cases/endings/end-relationship';
import { coordinatorAction } from '#use-cases/desk/coordinator-action';
import { extensionPage } from '#presentation/pages/questions/extension-page';
import { followUpPage } from '#presentation/pages/questions/follow-up-page';
import { goalConfirmationPage } from '#presentation/pages/questions/goal-confirmation-page';
import { goalEndorsementPage } from '#presentation/pages/questions/goal-endorsement-page';
import { goalsPage } from '#presentation/pages/questions/goals-page';
import type { AnswerPage } from '#use-cases/relationship/question-kind';
import { lookBackPage } from '#presentation/pages/questions/look-back-page';
import { matchPage } from '#presentation/pages/questions/match-page';
import { pausePage } from '#presentation/pages/questions/pause-page';
import { reviewPage } from '#presentation/pages/questions/review-page';
import { workingAgreementPage } from '#presentation/pages/questions/working-agreement-page';

/**
 * What the answer pages need of every question, the standing ones included. Built from the
 * page side of each kind only: the answer page's bundle then carries no letters, mail or records.
 */
export const QUESTION_PAGES: Record<QuestionKindName, AnswerPage> = {
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
  'coordinator-action': coordinatorAction,
};
