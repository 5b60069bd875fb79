import { startPhaseExecution } from '#adapters/workflow/executions';
import { conclusionFor } from '#domain/lifecycle/end-requests';
import { endRelationshipPage } from '#presentation/pages/questions/end-relationship-page';
import type { AnswerPage } from '#use-cases/relationship/question-kind';

/**
 * A standing question no execution waits on: each mentor and mentee has a private link (in the
 * foot of their e-mails) to end the relationship early, without blame. An answer starts the
 * relationship's one conclusion, or, for a circle's mentee, a conclusion of their own that
 * works out whether they leave or the circle ends with them (see `conclusionFor`). Both are
 * named, so pressing again after a failure starts what the first press could not, and two
 * people asking at once end the relationship once. Nobody is told who asked.
 */
export const endRelationship: AnswerPage = {
  ...endRelationshipPage,
  afterAnswer: async (question, personId) => {
    const answer = question.answers[personId];
    if (answer) await startPhaseExecution(question.relationshipId, conclusionFor({ personId, role: answer.role }, Object.keys(question.links)));
  },
};
