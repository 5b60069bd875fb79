import { coordinatorActionQuestionId, type CoordinatorAction } from '#domain/desk/coordinator-actions';
import { coordinatorLinksCloseAt } from '#domain/lifecycle/question-lifetimes';
import type { Person, Question, Relationship } from '#domain/model';
import { linksFor, responseUrl } from '#presentation/pages/links';
import { getProgram, openWithLinks, saveLinks } from '#adapters/store';

/** Who a digest's action links concern: the relationship, its coordinator, and the pair by name as the page shows them. */
export interface ActionLinksFor {
  relationship: Relationship;
  coordinator: Person;
  /** Everyone the page names, so nothing is written once one of them was erased. */
  people: Person[];
  pair: string;
  /** The questions that wait on the pair now: a nudge sends these again, without listing every open question. */
  waiting: string[];
}

/**
 * Opens the week's action links of one relationship for its coordinator, one question per action,
 * and answers each link's URL. Named by the relationship, the action and the week, so a retried
 * digest finds the links it opened; none when someone it names was erased meanwhile.
 */
export const openActionLinks = async (
  { relationship, coordinator, people, pair, waiting }: ActionLinksFor,
  actions: readonly CoordinatorAction[],
  weekKey: string,
  weekStart: Date,
): Promise<Partial<Record<CoordinatorAction, string>>> => {
  const program = actions.includes('pause') ? await getProgram(relationship.programId) : undefined;
  const asked = [{ person: coordinator, role: 'coordinator' as const }];
  const holders = {
    programId: relationship.programId,
    relationshipId: relationship.relationshipId,
    personIds: [...new Set([coordinator, ...people].map((p) => p.personId))],
  };
  const urls: Partial<Record<CoordinatorAction, string>> = {};
  for (const action of actions) {
    const questionId = coordinatorActionQuestionId(relationship.relationshipId, action, weekKey);
    const question: Question = {
      questionId,
      relationshipId: relationship.relationshipId,
      kind: 'coordinator-action',
      subject: {},
      taskToken: '',
      state: 'open',
      links: linksFor(questionId, asked),
      answers: {},
      closesAt: coordinatorLinksCloseAt(weekStart).toISOString(),
      timeZone: relationship.timeZone,
      page: {
        action,
        week: weekKey,
        pair,
        ...(action === 'nudge' ? { waiting: waiting.join(' ') } : {}),
        ...(action === 'pause' && program ? { maxDays: String(program.pause.maxDays) } : {}),
      },
    };
    const opened = await openWithLinks(question, asked, holders);
    if (!opened) return {};
    if (!opened.linked && !(await saveLinks(opened.question, asked, holders))) return {};
    urls[action] = responseUrl(opened.question.links[coordinator.personId]!);
  }
  return urls;
};
