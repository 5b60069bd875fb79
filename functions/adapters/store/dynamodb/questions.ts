import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { scanAll } from './relationships.ts';
import type { GivenAnswer, Person, Question, ResponseLink, Role } from '#domain/model';
import { documents, tables, updateIf, updateReturningIf } from './client.ts';
import { putWhileKept, stillKept, type Guarded, type Holders } from './while-kept.ts';
import { PREFIX } from '../keys.ts';

export type { Holders } from './while-kept.ts';

const questionKey = (questionId: string) => ({ id: `${PREFIX.question}${questionId}` });
const linkKey = (linkId: string) => ({ id: `${PREFIX.link}${linkId}` });
const epoch = (iso: string) => Math.floor(new Date(iso).getTime() / 1000);
// Records outlive their question a while, so a late click still gets a kind page, not a 404.
const KEEP_AFTER_CLOSE_SECONDS = 90 * 86_400;
/** When DynamoDB may delete a question's record, and each of its links': the same for all, a while after it closes. */
export const keptUntil = (closesAt: string) => epoch(closesAt) + KEEP_AFTER_CLOSE_SECONDS;
/** A change to a question that holds only while it is open. */
const whileOpen = (questionId: string, UpdateExpression: string, values: Record<string, unknown>) => ({
  TableName: tables().responses,
  Key: questionKey(questionId),
  UpdateExpression,
  ConditionExpression: '#state = :open',
  ExpressionAttributeNames: { '#state': 'state' },
  ExpressionAttributeValues: { ...values, ':open': 'open' },
});

/** Changes a question only while it is open: false when it was settled or closed before. */
const updateWhileOpen = (questionId: string, UpdateExpression: string, values: Record<string, unknown>): Promise<boolean> =>
  updateIf(whileOpen(questionId, UpdateExpression, values));

const questionOf = (item: Record<string, unknown> | undefined): Question | undefined => {
  if (!item) return undefined;
  const { id, expiresAtEpoch, ...question } = item;
  return question as unknown as Question;
};

export const getQuestion = async (questionId: string): Promise<Question | undefined> =>
  questionOf((await documents().send(new GetCommand({ TableName: tables().responses, Key: questionKey(questionId), ConsistentRead: true }))).Item);

/** A change to an open question, answered with the question as it now is; undefined when it was settled or closed before. */
const changeWhileOpen = async (questionId: string, UpdateExpression: string, values: Record<string, unknown>) =>
  questionOf(await updateReturningIf(whileOpen(questionId, UpdateExpression, values)));

const questionItem = (question: Question) => ({ ...questionKey(question.questionId), ...question, expiresAtEpoch: keptUntil(question.closesAt) });

const putIfAbsent = (question: Question, holders: Holders): Promise<Guarded> => putWhileKept([questionItem(question)], holders, true);

/**
 * Opens a question, or hands an open one the waiting task's newest token (a reminder, or a
 * retried ask). Returns the stored question, whose links stay the same across both; undefined
 * when one of its holders was erased since the handler read them (nothing is written).
 */
export const openQuestion = async (question: Question, holders: Holders): Promise<Question | undefined> => {
  const put = await putIfAbsent(question, holders);
  if (put === 'erased') return undefined;
  return put === 'written' ? question : handOverToken(question.questionId, question.taskToken, question.closesAt);
};

/**
 * Opens a question as its ask does, and saves its links (one per person asked) in the same
 * transaction when the question is new: `linked`. When it was open already (a reminder, a
 * retried ask) the newest token is handed over and the caller saves the links, whose expiry
 * moves with the question's; so too when there are more links than one transaction holds.
 * Undefined when a holder was erased since the handler read them (nothing is written).
 */
export const openWithLinks = async (
  question: Question,
  asked: { person: Pick<Person, 'personId' | 'locale' | 'timeZone'>; role: Role }[],
  holders: Holders,
): Promise<{ question: Question; linked: boolean } | undefined> => {
  const links = linkItems(question, asked);
  if (1 + links.length + stillKept(holders).length > TRANSACTION_ITEMS) {
    const opened = await openQuestion(question, holders);
    return opened && { question: opened, linked: false };
  }
  const item = questionItem(question);
  const put = await putWhileKept([item, ...links], holders, (written) => written === item);
  if (put === 'erased') return undefined;
  if (put === 'written') return { question, linked: true };
  return { question: await handOverToken(question.questionId, question.taskToken, question.closesAt), linked: false };
};

/**
 * Opens several standing questions of one relationship and their links in one transaction (the
 * actions a weekly digest offers a coordinator): `opened`; `exists` when one was open already (a
 * retried digest: open each with `openWithLinks`, which finds it), `erased` when a holder was
 * erased meanwhile. Nothing is written unless all of it is.
 */
export const openTogether = async (
  questions: readonly Question[],
  asked: { person: Pick<Person, 'personId' | 'locale' | 'timeZone'>; role: Role }[],
  holders: Holders,
): Promise<Guarded | 'opened'> => {
  const items = questions.map(questionItem);
  const links = questions.flatMap((question) => linkItems(question, asked));
  const put = await putWhileKept([...items, ...links], holders, (written) => items.includes(written as (typeof items)[number]));
  return put === 'written' ? 'opened' : put;
};

/**
 * Opens a question ahead of its ask, for another e-mail to carry: the question as stored,
 * whether this call opened it or an earlier one (or its own ask) did; undefined when a holder
 * was erased meanwhile.
 */
export const openAhead = async (question: Question, holders: Holders): Promise<Question | undefined> => {
  const put = await putIfAbsent(question, holders);
  if (put === 'erased') return undefined;
  return put === 'written' ? question : (await getQuestion(question.questionId))!;
};

const handOverToken = async (questionId: string, taskToken: string, closesAt: string): Promise<Question> =>
  (await changeWhileOpen(questionId, 'SET taskToken = :token, closesAt = :closesAt, expiresAtEpoch = :expires', {
    ':token': taskToken,
    ':closesAt': closesAt,
    ':expires': keptUntil(closesAt),
  })) ?? (await getQuestion(questionId))!;

/**
 * Records one person's answer, once. Returns the question as stored with it (answers others gave
 * at the same moment included); undefined when they answered before or the question is not open.
 */
export const addAnswer = async (questionId: string, personId: string, answer: GivenAnswer): Promise<Question | undefined> =>
  questionOf(
    await updateReturningIf({
      TableName: tables().responses,
      Key: questionKey(questionId),
      UpdateExpression: 'SET answers.#person = :answer',
      ConditionExpression: '#state = :open AND attribute_not_exists(answers.#person)',
      ExpressionAttributeNames: { '#state': 'state', '#person': personId },
      ExpressionAttributeValues: { ':answer': answer, ':open': 'open' },
    }),
  );

/** Settles an open question with its outcome; false when it was settled or closed before. */
export const settleQuestion = (questionId: string, outcome: string, at: string): Promise<boolean> =>
  updateWhileOpen(questionId, 'SET #state = :answered, outcome = :outcome, settledAt = :at', { ':answered': 'answered', ':outcome': outcome, ':at': at });

/** Closes an unanswered question. Returns the question as it stands: an answer that won the race is kept. */
export const closeQuestion = async (questionId: string): Promise<Question> =>
  (await changeWhileOpen(questionId, 'SET #state = :closed', { ':closed': 'closed' })) ?? (await getQuestion(questionId))!;

/** A transaction holds at most 100 items: the links go in batches beside the checks. */
export const TRANSACTION_ITEMS = 100;

/** Each asked person's link item, once per person: a manager of two mentees of a circle has one link. */
export const linkItems = (
  question: Pick<Question, 'questionId' | 'links' | 'closesAt'>,
  asked: { person: Pick<Person, 'personId' | 'locale' | 'timeZone'>; role: Role }[],
) => {
  const once = [...new Map(asked.map(({ person, role }) => [person.personId, { ...person, role }])).values()];
  return once.map(({ personId, role, locale, timeZone }) => {
    const link: ResponseLink = {
      linkId: question.links[personId]!,
      questionId: question.questionId,
      personId,
      role,
      locale,
      ...(timeZone ? { timeZone } : {}),
      expiresAt: question.closesAt,
    };
    return { ...linkKey(link.linkId), ...link, expiresAtEpoch: keptUntil(link.expiresAt) };
  });
};

/**
 * Saves a question's links, one per person asked: each expires with its question, never sooner.
 * False when a holder was erased since the handler read them: then no link is saved (or only
 * those of an earlier batch, which the erasure that stopped this one deletes).
 */
export const saveLinks = async (
  question: Pick<Question, 'questionId' | 'links' | 'closesAt'>,
  asked: { person: Pick<Person, 'personId' | 'locale' | 'timeZone'>; role: Role }[],
  holders: Holders,
): Promise<boolean> => {
  const items = linkItems(question, asked);
  const batch = TRANSACTION_ITEMS - stillKept(holders).length;
  for (let i = 0; i < items.length; i += batch) if ((await putWhileKept(items.slice(i, i + batch), holders, false)) === 'erased') return false;
  return true;
};

/**
 * Keeps a question open until `closesAt`, and its links with it; a question that already
 * closes later keeps its time. Returns false when there is no such question (any more).
 */
export const keepOpenUntil = async (questionId: string, closesAt: string): Promise<boolean> => {
  const question = await getQuestion(questionId);
  if (!question) return false;
  if (question.closesAt >= closesAt) return true;
  const later = (Key: Record<string, string>, field: 'closesAt' | 'expiresAt') =>
    updateIf({
      TableName: tables().responses,
      Key,
      UpdateExpression: 'SET #closes = :closesAt, expiresAtEpoch = :expires',
      ConditionExpression: 'attribute_exists(id) AND #closes < :closesAt',
      ExpressionAttributeNames: { '#closes': field },
      ExpressionAttributeValues: { ':closesAt': closesAt, ':expires': keptUntil(closesAt) },
    });
  await later(questionKey(questionId), 'closesAt');
  await Promise.all(Object.values(question.links).map((linkId) => later(linkKey(linkId), 'expiresAt')));
  return true;
};

export const getLink = async (linkId: string): Promise<ResponseLink | undefined> => {
  const { Item } = await documents().send(new GetCommand({ TableName: tables().responses, Key: linkKey(linkId) }));
  if (!Item) return undefined;
  const { id, expiresAtEpoch, ...link } = Item;
  return link as ResponseLink;
};

/** What the coordinator's desk reads of an open question: whom it asked and who answered, not what they said. */
export type OpenQuestion = Pick<Question, 'questionId' | 'relationshipId' | 'kind' | 'subject' | 'closesAt' | 'links' | 'answers'>;

/**
 * Every question still open, in every program: one scan of the responses table, which holds
 * only questions still open or lately settled and their links (each expires a while after).
 */
export const listOpenQuestions = async (): Promise<OpenQuestion[]> =>
  (
    (await scanAll({
      TableName: tables().responses,
      FilterExpression: 'begins_with(id, :question) AND #state = :open',
      ProjectionExpression: 'questionId, relationshipId, kind, subject, closesAt, links, answers',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':question': PREFIX.question, ':open': 'open' },
    })) as OpenQuestion[]
  ).sort((a, b) => a.questionId.localeCompare(b.questionId));
