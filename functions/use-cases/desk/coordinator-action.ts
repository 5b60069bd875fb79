import { coordinatorActionPhase, type CoordinatorAction } from '#domain/desk/coordinator-actions';
import { startPhaseExecution } from '#adapters/workflow/executions';
import { coordinatorActionPage } from '#presentation/pages/questions/coordinator-action-page';
import type { AnswerPage } from '#use-cases/relationship/question-kind';

/**
 * The action link's page, and what the coordinator's answer sets going: a run of its own that
 * carries the action out (`actForCoordinator`), named by the action and week, so pressing again
 * after a failure starts what the first press could not, and nothing twice.
 */
export const coordinatorAction: AnswerPage = {
  ...coordinatorActionPage,
  afterAnswer: async (question, personId) => {
    const action = question.page.action as CoordinatorAction;
    const mentee = Number(question.page.mentee ?? 0);
    if (question.answers[personId])
      await startPhaseExecution(question.relationshipId, coordinatorActionPhase({ action, weekKey: question.page.week!, ...(mentee ? { mentee } : {}) }));
  },
};
