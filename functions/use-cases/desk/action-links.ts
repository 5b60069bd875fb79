import { coordinatorActionQuestionId, type CoordinatorAction, type CoordinatorChoice } from '#domain/desk/coordinator-actions';
import { coordinatorLinksCloseAt } from '#domain/lifecycle/question-lifetimes';
import type { Person, Question, Relationship } from '#domain/model';
import { linksFor, responseUrl } from '#presentation/pages/links';
import { getProgram, openTogether, openWithLinks, saveLinks } from '#adapters/store';

/** Who a digest's action links concern: the relationship, its coordinator, and everyone the pages name. */
interface LinksFor {
  relationship: Relationship;
  coordinator: Person;
  /** Everyone the page names, so nothing is written once one of them was erased. */
  people: Person[];
}

export interface ActionLinksFor extends LinksFor {
  pair: string;
  /** The questions that wait on the pair now: a nudge sends these again, without listing every open question. */
  waiting: string[];
}

const askedOf = ({ coordinator }: LinksFor) => [{ person: coordinator, role: 'coordinator' as const }];
const holdersOf = ({ relationship, coordinator, people }: LinksFor) => ({
  programId: relationship.programId,
  relationshipId: relationship.relationshipId,
  personIds: [...new Set([coordinator, ...people].map((p) => p.personId))],
});

/** The question behind one choice's link, named by the relationship, the choice and the week. `page` is what the answer page shows and the run carries out. */
const choiceQuestion = (to: LinksFor, choice: CoordinatorChoice, page: Record<string, string>, weekStart: Date): Question => {
  const { relationship } = to;
  const questionId = coordinatorActionQuestionId(relationship.relationshipId, choice);
  return {
    questionId,
    relationshipId: relationship.relationshipId,
    kind: 'coordinator-action',
    subject: {},
    taskToken: '',
    state: 'open',
    links: linksFor(questionId, askedOf(to)),
    answers: {},
    closesAt: coordinatorLinksCloseAt(weekStart).toISOString(),
    timeZone: relationship.timeZone,
    page: { ...page, action: choice.action, week: choice.weekKey, ...(choice.mentee ? { mentee: String(choice.mentee) } : {}) },
  };
};

/**
 * Opens one choice's link for the coordinator: a retried digest finds the link it opened. Its
 * URL, or undefined when someone it names was erased meanwhile.
 */
const openChoice = async (to: LinksFor, choice: CoordinatorChoice, page: Record<string, string>, weekStart: Date) => {
  const asked = askedOf(to);
  const holders = holdersOf(to);
  const opened = await openWithLinks(choiceQuestion(to, choice, page, weekStart), asked, holders);
  if (!opened) return undefined;
  if (!opened.linked && !(await saveLinks(opened.question, asked, holders))) return undefined;
  return responseUrl(opened.question.links[to.coordinator.personId]!);
};

/** Opens the week's action links of one relationship (nudge, pause, end), one question per action, and answers each link's URL. */
export const openActionLinks = async (
  { pair, waiting, ...to }: ActionLinksFor,
  actions: readonly CoordinatorAction[],
  weekKey: string,
  weekStart: Date,
): Promise<Partial<Record<CoordinatorAction, string>>> => {
  const program = actions.includes('pause') ? await getProgram(to.relationship.programId) : undefined;
  const pageOf = (action: CoordinatorAction) => ({
    pair,
    ...(action === 'nudge' ? { waiting: waiting.join(' ') } : {}),
    ...(action === 'pause' && program ? { maxDays: String(program.pause.maxDays) } : {}),
  });
  // All of a week's links in one write; a retried digest finds them open, and opens each as it finds it.
  const questions = actions.map((action) => choiceQuestion(to, { action, weekKey }, pageOf(action), weekStart));
  const together = await openTogether(questions, askedOf(to), holdersOf(to));
  if (together === 'erased') return {};
  const urls: Partial<Record<CoordinatorAction, string>> = {};
  for (const [i, action] of actions.entries()) {
    const url =
      together === 'opened' ? responseUrl(questions[i]!.links[to.coordinator.personId]!) : await openChoice(to, { action, weekKey }, pageOf(action), weekStart);
    if (!url) return {};
    urls[action] = url;
  }
  return urls;
};

/** A mentee of an ended relationship, and the mentor proposed to take them up, with the reasons in the coordinator's words. */
export interface ProposedRematch {
  mentee: Person;
  mentor: Person;
  reasons: string;
}

/**
 * Opens the link that approves a proposed rematch: the ended relationship's, for its mentee
 * (by their place in it) and the mentor proposed this week. Its URL; undefined when someone it
 * names was erased meanwhile.
 */
export const openRematchLink = async (to: LinksFor, { mentee, mentor, reasons }: ProposedRematch, weekKey: string, weekStart: Date) => {
  const place = to.relationship.mentees.findIndex((m) => m.personId === mentee.personId) + 1;
  return openChoice(
    { ...to, people: [...to.people, mentee, mentor] },
    { action: 'rematch', weekKey, mentee: place },
    { menteeId: mentee.personId, mentorId: mentor.personId, menteeName: mentee.name, mentorName: mentor.name, reasons },
    weekStart,
  );
};
