import { endLinksCloseAt } from '#domain/lifecycle/question-lifetimes';
import { keepEndLinks, openQuestion, saveLinks } from '#adapters/store';
import { members } from './write-to.ts';
import { linksFor } from '#presentation/pages/links';
import { holdersOf, type RelationshipContext } from './relationship-context.ts';

/** The standing question behind each member's private link to end the relationship. */
export const endQuestionId = (relationshipId: string) => `${relationshipId}.end-relationship`;

/**
 * Each mentor and mentee gets a private link to end the relationship without blame, at any
 * time; it stands in the foot of their e-mails. Opened once, with the proposed match, so its e-mails carry them too.
 * Returns the context the step's letters are written from: with the links, once they are kept.
 */
export const openEndLinks = async (context: RelationshipContext): Promise<RelationshipContext> => {
  if (context.relationship.endLinks) return context;
  const asked = members(context);
  const closesAt = endLinksCloseAt(context.calendar).toISOString();
  const questionId = endQuestionId(context.relationship.relationshipId);
  const holders = holdersOf(context);
  const question = await openQuestion(
    {
      questionId,
      relationshipId: context.relationship.relationshipId,
      kind: 'end-relationship',
      subject: {},
      taskToken: '',
      state: 'open',
      links: linksFor(questionId, asked),
      answers: {},
      closesAt,
      timeZone: context.relationship.timeZone,
      page: {},
    },
    holders,
  );
  // Someone it concerns was erased since the step read them: no links, and nothing of them written.
  if (!question) return context;
  const linked = await saveLinks(question, asked, holders);
  if (!linked) return context;
  await keepEndLinks(context.relationship.relationshipId, question.links);
  // The letters this step still writes (the match's, the introduction) are written from this context, so they carry them.
  return { ...context, relationship: { ...context.relationship, endLinks: question.links } };
};
