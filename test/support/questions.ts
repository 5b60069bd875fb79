import type { Question, QuestionKindName } from '#domain/model';

/** An open question as the answer page gets it: its kind, what its page shows, and who has a link. */
export const openQuestionOf = (kind: QuestionKindName, page: Record<string, string>, links: Record<string, string>): Question => ({
  questionId: `rel-1.${kind}`,
  relationshipId: 'rel-1',
  kind,
  subject: {},
  taskToken: 'token',
  state: 'open',
  links,
  answers: {},
  closesAt: '2027-02-08T09:00:00.000Z',
  timeZone: 'Europe/Amsterdam',
  page,
});
