import { programSchema, type Program } from '#domain/program/config';
import { ERASED_NAME } from '#domain/people/retention';
import type { Goal, Meeting, Person, Question, Relationship, ResponseLink } from '#domain/model';
import type { Store } from './port.ts';
import { AlreadyEnrolled, membersOf, normalEmail, withPeopleFrom } from '#adapters/store/dynamodb/relationships';
import { keptUntil, linkItems, TRANSACTION_ITEMS, type OpenQuestion } from '#adapters/store/dynamodb/questions';
import { relationshipOfQuestion, type Forgotten, type ResponseRecord } from '#adapters/store/dynamodb/personal-data';
import { onlyIfAbsent, type Guarded, type Holders, type IfAbsent } from '#adapters/store/dynamodb/while-kept';
import type { MailRecord } from '#adapters/store/dynamodb/mail-log';
import { savedAnswerOf } from '#adapters/store/dynamodb/answers';
import type { RematchRequest } from '#adapters/store/dynamodb/rematches';
import type { RemovedRecords } from '#adapters/store/dynamodb/removal';

/**
 * The store in memory, for fast use-case tests: every operation of the DynamoDB store with the
 * same conditions and results, over records keyed as the tables key them (so what the tables
 * would list, count or strip, this does too). Reads and writes copy: no caller shares a record.
 * Time to live is kept as data; nothing expires. The contract suite holds it to DynamoDB's.
 *
 * To add an operation: write it here as one function over `main` or `responses`, beside the
 * DynamoDB one's, and the type checker names any operation still missing.
 */

type Item = Record<string, unknown>;

/** As DynamoDB keeps a value: undefined fields dropped, nothing shared with the caller. */
const copy = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));

/** An error named as the SDK names DynamoDB's, for a request it would refuse outright. */
const refused = (name: string, message: string) => Object.assign(new Error(message), { name });

/** One table: items by key, listed in key order like a query, or by the byOwner index. */
class Table {
  private readonly items = new Map<string, Item>();
  constructor(private readonly keyOf: (item: Item) => string) {}
  get(key: Item): Item | undefined {
    return copy(this.items.get(this.keyOf(key)));
  }
  /** The item itself, to read without copying it: never to change or hand out. */
  peekAt(key: Item): Readonly<Item> | undefined {
    return this.items.get(this.keyOf(key));
  }
  has(key: Item): boolean {
    return this.items.has(this.keyOf(key));
  }
  put(item: Item): void {
    this.items.set(this.keyOf(item), copy(item));
  }
  delete(key: Item): Item | undefined {
    const old = this.get(key);
    this.items.delete(this.keyOf(key));
    return old;
  }
  /** Changes a stored item in place when `change` returns true (its condition held); false when there is no such item or it did not. */
  update(key: Item, change: (item: Item) => boolean): boolean {
    const item = this.get(key);
    if (!item || !change(item)) return false;
    this.items.set(this.keyOf(key), item);
    return true;
  }
  /** Items of a partition whose sort key begins with `prefix`, in sort key order. */
  query(pk: string, prefix = ''): Item[] {
    return this.matching((item) => item.pk === pk && String(item.sk).startsWith(prefix)).sort((a, b) => order(String(a.sk), String(b.sk)));
  }
  /** The byOwner index: items with this owner whose sort key begins with `prefix`, in its sort key order. */
  byOwner(owner: string, prefix = ''): Item[] {
    return this.matching((item) => item.gsi1pk === owner && String(item.gsi1sk).startsWith(prefix)).sort(
      (a, b) => order(String(a.gsi1sk), String(b.gsi1sk)) || order(this.keyOf(a), this.keyOf(b)),
    );
  }
  all(): Item[] {
    return [...this.items.values()].map(copy);
  }
  /** The items themselves, to read a few fields of each without copying them all: never to change or hand out. */
  peek(): readonly Readonly<Item>[] {
    return [...this.items.values()];
  }
  /** Copies of the items that pass `test`: only those are copied, so a whole year's table stays quick to query. */
  private matching(test: (item: Item) => boolean): Item[] {
    return [...this.items.values()].filter(test).map(copy);
  }
}

const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const without = (item: Item, ...fields: string[]): Item => Object.fromEntries(Object.entries(item).filter(([field]) => !fields.includes(field)));

/** `size(path)`: the length of a list or string, the entries of a map; undefined (no comparison holds) for anything else. */
const sizeOf = (value: unknown): number | undefined =>
  Array.isArray(value) || typeof value === 'string' ? value.length : value && typeof value === 'object' ? Object.keys(value).length : undefined;

/**
 * The few condition expressions `updateRelationship` is given, evaluated on an item as DynamoDB
 * does: comparisons, AND, OR, NOT, parentheses, attribute_exists, attribute_not_exists, size and
 * contains; `#name` stands for `name`. A comparison with a missing attribute is false.
 */
const holds = (condition: string, item: Item, values: Record<string, unknown>): boolean => {
  const tokens = [...condition.matchAll(/\s*(<>|<=|>=|=|<|>|\(|\)|,|\.|\[\d+\]|#\w+|:\w+|\w+)/gy)].map(([, token]) => token!);
  let at = 0;
  const peek = () => tokens[at];
  const take = (expected?: string) => {
    const token = tokens[at++];
    if (token === undefined || (expected && token !== expected)) throw new Error(`The twin cannot read the condition ${condition}`);
    return token;
  };
  const path = (): unknown => {
    let value: unknown = item;
    const field = (name: string) => (value = (value as Record<string, unknown> | undefined)?.[name.replace(/^#/, '')]);
    field(take());
    for (;;) {
      if (peek() === '.') take();
      else if (!peek()?.startsWith('[')) return value;
      field(take().replace(/^\[(\d+)\]$/, '$1'));
    }
  };
  const operand = (): unknown => {
    if (peek()?.startsWith(':')) return values[take()];
    if (peek() === 'size') {
      take();
      take('(');
      const value = path();
      take(')');
      return sizeOf(value);
    }
    return path();
  };
  const compare = (left: unknown, op: string, right: unknown): boolean => {
    if (left === undefined || right === undefined) return false;
    const [l, r] = [left as string | number, right as string | number];
    return { '=': l === r, '<>': l !== r, '<': l < r, '<=': l <= r, '>': l > r, '>=': l >= r }[op]!;
  };
  const primary = (): boolean => {
    if (peek() === '(') {
      take();
      const value = or();
      take(')');
      return value;
    }
    if (peek() === 'attribute_exists' || peek() === 'attribute_not_exists' || peek() === 'contains') {
      const fn = take();
      take('(');
      const value = path();
      const sought = fn === 'contains' ? (take(','), operand()) : undefined;
      const result = fn === 'contains' ? Array.isArray(value) && value.includes(sought) : (value !== undefined) === (fn === 'attribute_exists');
      take(')');
      return result;
    }
    const left = operand();
    return compare(left, take(), operand());
  };
  const not = (): boolean => (peek() === 'NOT' ? (take(), !not()) : primary());
  const and = (): boolean => {
    let value = not();
    while (peek() === 'AND') value = (take(), not()) && value;
    return value;
  };
  const or = (): boolean => {
    let value = and();
    while (peek() === 'OR') value = (take(), and()) || value;
    return value;
  };
  const value = or();
  if (at !== tokens.length) throw new Error(`The twin cannot read the condition ${condition}`);
  return value;
};

/** A fresh, empty store in memory: one per test, or per test file. */
export const memoryStore = () => {
  const main = new Table((item) => `${String(item.pk)}\u0000${String(item.sk)}`);
  const responses = new Table((item) => String(item.id));

  const programKey = (programId: string) => `PROGRAM#${programId}`;
  const relationshipKey = (relationshipId: string) => ({ pk: `REL#${relationshipId}`, sk: 'REL' });
  const personKey = (programId: string, personId: string) => ({ pk: programKey(programId), sk: `PERSON#${personId}` });
  const meetingKey = (relationshipId: string, meetingNo: number) => ({ pk: `REL#${relationshipId}`, sk: `MEETING#${String(meetingNo).padStart(4, '0')}` });
  const goalKey = (relationshipId: string, menteeId: string, goalNo: number) => ({
    pk: `REL#${relationshipId}`,
    sk: `GOAL#${menteeId}#${String(goalNo).padStart(2, '0')}`,
  });
  const questionKey = (questionId: string) => ({ id: `QUESTION#${questionId}` });
  const forgottenKey = (programId: string, email: string) => ({ pk: programKey(programId), sk: `FORGOTTEN#${normalEmail(email)}` });

  /** The records go in only while the relationship and each person named are not erased, as the DynamoDB store's transaction. */
  const erasedSince = ({ programId, relationshipId, personIds }: Holders): boolean =>
    main.get(relationshipKey(relationshipId))?.personalDataErasedAt !== undefined ||
    personIds.some((personId) => main.get(personKey(programId, personId))?.erasedAt !== undefined);
  const putWhileKept = (table: Table, items: Item[], holders: Holders, ifAbsent: IfAbsent): Guarded => {
    if (erasedSince(holders)) return 'erased';
    if (items.some((item) => onlyIfAbsent(ifAbsent, item) && table.has(item))) return 'exists';
    for (const item of items) table.put(item);
    return 'written';
  };

  const findRelationship = async (relationshipId: string) => {
    const item = main.get(relationshipKey(relationshipId));
    return item && (without(item, 'pk', 'sk', 'gsi1pk', 'gsi1sk') as unknown as Relationship);
  };
  const getRelationship = async (relationshipId: string) => {
    const relationship = await findRelationship(relationshipId);
    if (!relationship) throw new Error(`Relationship ${relationshipId} is not stored`);
    return relationship;
  };
  const getPeople = async (programId: string, personIds: string[]) => {
    const people = new Map<string, Person>();
    for (const id of new Set(personIds)) {
      const item = main.get(personKey(programId, id));
      if (!item) throw new Error(`Person ${id} is not stored`);
      people.set(id, without(item, 'pk', 'sk') as unknown as Person);
    }
    return people;
  };

  const updateRelationship: Store['updateRelationship'] = async (
    relationshipId,
    set,
    { condition, values = {}, add = {}, append = {}, ifNotExists = {} } = {},
  ) => {
    for (const value of [...Object.values(set), ...Object.values(ifNotExists), ...Object.values(add), ...Object.values(append)])
      if (value === undefined) throw refused('ValidationException', 'An expression attribute value used in expression is not defined');
    return main.update(relationshipKey(relationshipId), (item) => {
      if (condition && !holds(condition, item, values)) return false;
      const before = copy(item);
      Object.assign(item, copy(set));
      for (const [field, value] of Object.entries(ifNotExists)) if (before[field] === undefined) item[field] = copy(value);
      for (const [field, value] of Object.entries(add)) item[field] = ((before[field] as number | undefined) ?? 0) + value;
      for (const [field, value] of Object.entries(append)) item[field] = [...((before[field] as unknown[] | undefined) ?? []), ...copy(value)];
      return true;
    });
  };

  /**
   * A named change of the relationship, as the DynamoDB store's: refused when a value is missing,
   * false when the relationship is not stored or `condition` does not hold, else `set` applied.
   */
  const changeRelationship = (relationshipId: string, values: unknown[], condition: (item: Item) => boolean, set: (item: Item) => void) => {
    if (values.some((value) => value === undefined)) throw refused('ValidationException', 'An expression attribute value used in expression is not defined');
    return main.update(relationshipKey(relationshipId), (item) => condition(item) && (set(item), true));
  };
  const unconditionally = () => true;
  /** `if_not_exists(field, value)`: the value stored, or else this one. */
  const existingOr = (item: Item, field: string, value: unknown) => (item[field] === undefined ? copy(value) : item[field]);

  /** Changes a meeting's occurrence only while it is planned. */
  const whilePlanned = (relationshipId: string, meetingNo: number, occurrence: number, change: (meeting: Item) => void) =>
    main.update(
      meetingKey(relationshipId, meetingNo),
      (meeting) => meeting.status === 'planned' && meeting.occurrence === occurrence && (change(meeting), true),
    );
  const nextSequence = (meeting: Item, occurrence: number) => ((meeting.sequence as number | undefined) ?? occurrence - 1) + 1;
  const listMeetings = async (relationshipId: string) =>
    main.query(`REL#${relationshipId}`, 'MEETING#').map((item) => without(item, 'pk', 'sk') as unknown as Meeting);
  const getMeeting = async (relationshipId: string, meetingNo: number) => {
    const item = main.get(meetingKey(relationshipId, meetingNo));
    return item && (without(item, 'pk', 'sk') as unknown as Meeting);
  };

  const listGoals = async (relationshipId: string, menteeId?: string) =>
    main.query(`REL#${relationshipId}`, menteeId ? `GOAL#${menteeId}#` : 'GOAL#').map((item) => without(item, 'pk', 'sk') as unknown as Goal);

  const getQuestion = async (questionId: string) => {
    const item = responses.get(questionKey(questionId));
    return item && (without(item, 'id', 'expiresAtEpoch') as unknown as Question);
  };
  const whileOpen = (questionId: string, change: (question: Item) => void) =>
    responses.update(questionKey(questionId), (question) => question.state === 'open' && (change(question), true));
  const putIfAbsent = (question: Question, holders: Holders) =>
    putWhileKept(responses, [{ ...questionKey(question.questionId), ...question, expiresAtEpoch: keptUntil(question.closesAt) }], holders, true);

  const handOverToken = async (question: Question): Promise<Question> => {
    whileOpen(question.questionId, (stored) =>
      Object.assign(stored, { taskToken: question.taskToken, closesAt: question.closesAt, expiresAtEpoch: keptUntil(question.closesAt) }),
    );
    return (await getQuestion(question.questionId))!;
  };
  const openQuestion = async (question: Question, holders: Holders): Promise<Question | undefined> => {
    const put = putIfAbsent(question, holders);
    if (put === 'erased') return undefined;
    return put === 'written' ? question : handOverToken(question);
  };

  const listAnswers = async (relationshipId: string) => main.query(`REL#${relationshipId}`, 'ANSWER#');
  const addToRecord = (questionId: string, answers: Question['answers'], holders: Holders, settled: Pick<Question, 'outcome' | 'settledAt'>) => {
    if (erasedSince(holders)) return false;
    return main.update({ pk: `REL#${holders.relationshipId}`, sk: `ANSWER#${questionId}` }, (item) => {
      Object.assign(item, copy(settled), { answers: { ...(item.answers as object), ...copy(answers) } });
      return true;
    });
  };

  /** Takes the details of the answers of everyone (or one person) out; 1 when any had some. */
  const withoutDetails = (item: Item, personId: string | undefined): number => {
    const answers = (item.answers ?? {}) as Record<string, { details?: Record<string, unknown> }>;
    const people = Object.entries(answers).filter(([id, answer]) => (!personId || id === personId) && Object.keys(answer.details ?? {}).length > 0);
    for (const [, answer] of people) answer.details = {};
    return Number(people.length > 0);
  };

  // Parsed once per stored version, as a container keeps the program it read (a save stores a new version).
  const parsed = new WeakMap<object, Program>();
  const parsedProgram = (stored: Readonly<Item>) => parsed.get(stored) ?? parsed.set(stored, programSchema.parse(stored.program)).get(stored)!;

  const store = {
    saveProgram: async (program) => {
      main.put({ pk: programKey(program.id), sk: 'PROGRAM', gsi1pk: 'PROGRAMS', gsi1sk: `PROGRAM#${program.id}`, program });
    },
    listProgramIds: async () => main.byOwner('PROGRAMS').map((item) => String(item.gsi1sk).slice('PROGRAM#'.length)),
    getProgram: async (programId) => {
      const item = main.peekAt({ pk: programKey(programId), sk: 'PROGRAM' });
      if (!item) throw new Error(`Program ${programId} is not stored`);
      return parsedProgram(item);
    },
    findPersonIdByEmail: async (programId, email) => main.get({ pk: programKey(programId), sk: `EMAIL#${normalEmail(email)}` })?.personId as string | undefined,
    findRelationshipIdOfMentee: async (programId, menteeId) =>
      main.get({ pk: programKey(programId), sk: `MENTEE#${menteeId}` })?.relationshipId as string | undefined,
    saveEnrolment: async (relationship, newPeople, { closesRequest = false } = {}) => {
      const { relationshipId, programId, rematchOf } = relationship;
      const members = new Map(membersOf(relationship).map(([role, personId]) => [`${role}#${personId}`, { role, personId }]));
      const absent: Item[] = [
        ...newPeople.flatMap((person) => [
          { ...personKey(person.programId, person.personId), ...person },
          { pk: programKey(person.programId), sk: `EMAIL#${normalEmail(person.email)}`, personId: person.personId },
        ]),
        { ...relationshipKey(relationshipId), gsi1pk: programKey(programId), gsi1sk: `REL#${relationshipId}`, ...relationship },
      ];
      // A rematch takes its mentee over from the relationship that ended, while the index still names that one.
      const menteeIndex = relationship.mentees.map((mentee) => ({ pk: programKey(programId), sk: `MENTEE#${mentee.personId}`, relationshipId }));
      const indexTaken = menteeIndex.some((item) => {
        const current = main.get(item);
        return current !== undefined && (!rematchOf || current.relationshipId !== rematchOf);
      });
      const requests = closesRequest ? relationship.mentees.map((m) => ({ pk: programKey(programId), sk: `REMATCH#${m.personId}#${rematchOf}` })) : [];
      const ended = rematchOf ? main.get(relationshipKey(rematchOf)) : undefined;
      if ((rematchOf && !ended) || requests.some((key) => !main.get(key)))
        throw new AlreadyEnrolled(`relationship ${relationshipId} or one of its people is already enrolled`);
      const always = [...members.values()].map(({ role, personId }) => ({
        pk: `REL#${relationshipId}`,
        sk: `MEMBER#${role}#${personId}`,
        gsi1pk: `PERSON#${personId}`,
        gsi1sk: `REL#${relationshipId}`,
        role,
        personId,
      }));
      const keys = [...absent, ...always].map((item) => `${String(item.pk)} ${String(item.sk)}`);
      if (new Set(keys).size !== keys.length) throw refused('ValidationException', 'Transaction request cannot include multiple operations on one item');
      if (indexTaken || absent.some((item) => main.has(item)))
        throw new AlreadyEnrolled(`relationship ${relationshipId} or one of its people is already enrolled`);
      for (const item of [...absent, ...menteeIndex, ...always]) main.put(item);
      if (rematchOf) {
        const these = relationship.mentees.map((m) => ({ menteeId: m.personId, relationshipId }));
        main.update(relationshipKey(rematchOf), (item) => ((item.rematchedAs = [...((item.rematchedAs as unknown[]) ?? []), ...these]), true));
        for (const key of requests) main.update(key, (item) => ((item.status = 'rematched'), (item.rematchedAs = relationshipId), true));
      }
    },
    findRelationship,
    getRelationship,
    getPeople,
    getRelationshipWithPeople: withPeopleFrom({ getRelationship, getPeople }),
    listRelationships: async (programId) =>
      main.byOwner(programKey(programId), 'REL#').map((item) => without(item, 'pk', 'sk', 'gsi1pk', 'gsi1sk') as unknown as Relationship),
    listRelationshipsOfPerson: async (personId) =>
      main.byOwner(`PERSON#${personId}`).map((item) => ({ relationshipId: String(item.gsi1sk).slice('REL#'.length), role: item.role as never })),
    listPeople: async (programId) => main.query(programKey(programId), 'PERSON#').map((item) => without(item, 'pk', 'sk') as unknown as Person),
    recordPhase: async (relationshipId, phase) => {
      await updateRelationship(relationshipId, { phase });
    },
    markMenteeLeft: async (relationshipId, mentees, menteeId) => {
      const index = mentees.findIndex((m) => m.personId === menteeId);
      if (index < 0) throw new Error(`${menteeId} is not a mentee of ${relationshipId}`);
      const marked =
        mentees.length > 1 &&
        main.update(relationshipKey(relationshipId), (item) => {
          const stored = item.mentees as { personId: string; status: string }[];
          if (stored[index]?.personId !== menteeId || !stored.some((m, i) => i !== index && i < mentees.length && m.status === 'active')) return false;
          stored[index].status = 'left';
          return true;
        });
      return marked || (await getRelationship(relationshipId)).mentees[index]?.status === 'left';
    },
    updateRelationship,
    markUndeliverable: async (programId, personId, since, because) =>
      main.update(
        personKey(programId, personId),
        (person) => person.undeliverableSince === undefined && (Object.assign(person, { undeliverableSince: since, undeliverableBecause: because }), true),
      ),
    clearUndeliverable: async (programId, personId, since) =>
      main.update(personKey(programId, personId), (person) => {
        if (person.undeliverableSince !== since) return false;
        for (const field of ['undeliverableSince', 'undeliverableBecause', 'undeliverableReportedAt']) delete person[field];
        return true;
      }),
    markUndeliverableReported: async (programId, personId, at) =>
      main.update(personKey(programId, personId), (person) => person.undeliverableReportedAt === undefined && ((person.undeliverableReportedAt = at), true)),

    pauseIfActive: async (relationshipId, pause, pausesBefore) =>
      changeRelationship(
        relationshipId,
        [pause, pausesBefore],
        (item) => item.status === 'active' && sizeOf(item.pauses) === pausesBefore,
        (item) => Object.assign(item, { status: 'paused', pauses: [...(existingOr(item, 'pauses', []) as unknown[]), copy(pause)] }),
      ),
    resumeIfPaused: async (relationshipId, pauses, shiftDays) =>
      changeRelationship(
        relationshipId,
        [pauses, shiftDays],
        (item) => item.status === 'paused',
        (item) => Object.assign(item, { status: 'active', pauses: copy(pauses), shiftDays: (existingOr(item, 'shiftDays', 0) as number) + shiftDays }),
      ),
    recordEndRequest: async (relationshipId, at, by) => {
      changeRelationship(relationshipId, [at, by], unconditionally, (item) =>
        Object.assign(item, { endRequestedAt: existingOr(item, 'endRequestedAt', at), endRequestedBy: existingOr(item, 'endRequestedBy', by) }),
      );
    },
    claimConclusion: async (relationshipId, phase, name) =>
      changeRelationship(
        relationshipId,
        [phase, name],
        (item) => {
          const run = item.conclusionRun as { name?: unknown } | null | undefined;
          return run === undefined || run?.name === name;
        },
        (item) => (item.conclusionRun = { phase, name }),
      ),
    recordClosure: async (relationshipId, ending, at) => {
      changeRelationship(relationshipId, [ending, at], unconditionally, (item) =>
        Object.assign(item, { status: 'closed', ending, closedAt: existingOr(item, 'closedAt', at) }),
      );
    },
    recordReviewDone: async (relationshipId, review) =>
      changeRelationship(
        relationshipId,
        [review],
        (item) => !(Array.isArray(item.reviewsDone) && item.reviewsDone.includes(review)),
        (item) => (item.reviewsDone = [...(existingOr(item, 'reviewsDone', []) as unknown[]), review]),
      ),
    grantExtension: async (relationshipId, round) =>
      changeRelationship(
        relationshipId,
        [round],
        (item) => item.extensions === undefined || (typeof item.extensions === 'number' && item.extensions < round),
        (item) => (item.extensions = (existingOr(item, 'extensions', 0) as number) + 1),
      ),
    keepEndLinks: async (relationshipId, links) => {
      changeRelationship(relationshipId, [links], unconditionally, (item) => (item.endLinks = existingOr(item, 'endLinks', links)));
    },
    markMatched: (relationshipId, matchedAt) =>
      updateRelationship(relationshipId, { status: 'active', matchedAt }, { condition: '#status = :matching', values: { ':matching': 'matching' } }),
    saveWorkingAgreement: (relationshipId, workingAgreement) => updateRelationship(relationshipId, { workingAgreement }),
    markAgreementDone: (relationshipId, at) => updateRelationship(relationshipId, {}, { ifNotExists: { agreementDoneAt: at } }),
    markRecordCompleted: (relationshipId, at) => updateRelationship(relationshipId, {}, { ifNotExists: { recordCompletedAt: at } }),
    saveSafetyNetAlerts: (relationshipId, log) => updateRelationship(relationshipId, { safetyNetAlerts: log }),
    endEarlyForErasure: (relationshipId, at) =>
      updateRelationship(
        relationshipId,
        { status: 'closed', ending: 'ended-early' },
        {
          ifNotExists: { closedAt: at, endRequestedAt: at, endRequestedBy: 'coordinator' },
          condition: '#status <> :closed',
          values: { ':closed': 'closed' },
        },
      ),

    listMeetings,
    readHistory: async (relationshipId) => ({
      meetings: await listMeetings(relationshipId),
      goals: await listGoals(relationshipId),
      saved: (await listAnswers(relationshipId)).map(savedAnswerOf),
      mail: main.query(`REL#${relationshipId}`, 'MAIL#') as unknown as MailRecord[],
    }),
    getMeeting,
    nextPlannedMeeting: async (relationshipId) => (await listMeetings(relationshipId)).find((m) => m.status === 'planned'),
    lastMeeting: async (relationshipId) => (await listMeetings(relationshipId)).at(-1),
    planMeeting: async (relationshipId, meetingNo, at) => {
      const meeting: Meeting = { relationshipId, meetingNo, occurrence: 1, sequence: 0, startsAt: at.toISOString(), status: 'planned', moves: [] };
      const key = meetingKey(relationshipId, meetingNo);
      if (main.has(key)) return (await getMeeting(relationshipId, meetingNo))!;
      main.put({ ...key, ...meeting });
      return meeting;
    },
    concludeMeeting: async (relationshipId, meetingNo, occurrence, status, at, { mode, rating } = {}) =>
      whilePlanned(relationshipId, meetingNo, occurrence, (meeting) =>
        Object.assign(meeting, { status, concludedAt: at }, mode ? { mode } : {}, rating ? { rating } : {}),
      ),
    moveMeeting: async (relationshipId, meetingNo, occurrence, from, to) =>
      whilePlanned(relationshipId, meetingNo, occurrence, (meeting) => {
        if (!Array.isArray(meeting.moves))
          throw refused('ValidationException', 'The provided expression refers to an attribute that does not exist in the item');
        Object.assign(meeting, {
          startsAt: to,
          occurrence: occurrence + 1,
          moves: [...(meeting.moves as unknown[]), { from, to }],
          sequence: nextSequence(meeting, occurrence),
        });
      }),
    markInvited: async (relationshipId, meetingNo, sequence) =>
      main.update(
        meetingKey(relationshipId, meetingNo),
        (meeting) => (meeting.invitedSequence === undefined || (meeting.invitedSequence as number) < sequence) && ((meeting.invitedSequence = sequence), true),
      ),
    withdrawMeeting: async (relationshipId, meetingNo, occurrence, { cancelled }) =>
      whilePlanned(relationshipId, meetingNo, occurrence, (meeting) => {
        meeting.sequence = nextSequence(meeting, occurrence);
        if (cancelled) meeting.status = 'cancelled';
        delete meeting.invitedSequence;
      }),

    listGoals,
    replaceGoals: async (menteeId, goals, holders) => {
      const { relationshipId } = holders;
      const before = await listGoals(relationshipId, menteeId);
      const items = goals.map((goal) => ({ ...goalKey(relationshipId, menteeId, goal.goalNo), ...goal }));
      if (putWhileKept(main, items, holders, false) !== 'written') return false;
      const kept = new Set(goals.map((g) => g.goalNo));
      for (const goal of before) if (!kept.has(goal.goalNo)) main.delete(goalKey(relationshipId, menteeId, goal.goalNo));
      return true;
    },
    markGoals: async (relationshipId, menteeId, field, at) => {
      for (const goal of await listGoals(relationshipId, menteeId))
        main.update(goalKey(relationshipId, menteeId, goal.goalNo), (item) => ((item[field] ??= at), true));
    },
    rateGoal: async (relationshipId, menteeId, goalNo, review, role, level) => {
      const rated = main.update(goalKey(relationshipId, menteeId, goalNo), (goal) => {
        const ratings = goal.ratings as Record<string, Record<string, number>> | undefined;
        if (!ratings) throw refused('ValidationException', 'The document path provided in the update expression is invalid for update');
        (ratings[review] ??= {})[role] = level;
        return true;
      });
      if (!rated) throw refused('ConditionalCheckFailedException', 'The conditional request failed');
    },

    getQuestion,
    openQuestion,
    openWithLinks: async (question, asked, holders) => {
      const links = linkItems(question, asked);
      if (1 + links.length + 1 + new Set(holders.personIds).size > TRANSACTION_ITEMS) {
        const opened = await openQuestion(question, holders);
        return opened && { question: opened, linked: false };
      }
      const item = { ...questionKey(question.questionId), ...question, expiresAtEpoch: keptUntil(question.closesAt) };
      const put = putWhileKept(responses, [item, ...links], holders, (written) => written === item);
      if (put === 'erased') return undefined;
      if (put === 'written') return { question, linked: true };
      return { question: await handOverToken(question), linked: false };
    },
    openTogether: async (questions, asked, holders) => {
      const items = questions.map((question) => ({ ...questionKey(question.questionId), ...question, expiresAtEpoch: keptUntil(question.closesAt) }));
      const links = questions.flatMap((question) => linkItems(question, asked));
      const put = putWhileKept(responses, [...items, ...links], holders, (written) => items.includes(written as (typeof items)[number]));
      return put === 'written' ? 'opened' : put;
    },
    openAhead: async (question, holders) => {
      const put = putIfAbsent(question, holders);
      if (put === 'erased') return undefined;
      return put === 'written' ? question : (await getQuestion(question.questionId))!;
    },
    addAnswer: async (questionId, personId, answer) =>
      responses.update(questionKey(questionId), (question) => {
        const answers = question.answers as Record<string, unknown> | undefined;
        if (question.state !== 'open' || answers?.[personId] !== undefined) return false;
        if (!answers) throw refused('ValidationException', 'The document path provided in the update expression is invalid for update');
        answers[personId] = copy(answer);
        return true;
      })
        ? getQuestion(questionId)
        : undefined,
    listOpenQuestions: async () =>
      responses
        .peek()
        .filter((item) => String(item.id).startsWith('QUESTION#') && item.state === 'open')
        .map(
          ({ questionId, relationshipId, kind, subject, closesAt, links, answers }) =>
            copy({ questionId, relationshipId, kind, subject, closesAt, links, answers }) as OpenQuestion,
        )
        .sort((a, b) => order(a.questionId, b.questionId)),
    settleQuestion: async (questionId, outcome, at) =>
      whileOpen(questionId, (question) => Object.assign(question, { state: 'answered', outcome, settledAt: at })),
    closeQuestion: async (questionId) => {
      whileOpen(questionId, (question) => (question.state = 'closed'));
      return (await getQuestion(questionId))!;
    },
    saveLinks: async (question, asked, holders) => {
      const items = linkItems(question, asked);
      const batch = TRANSACTION_ITEMS - 1 - new Set(holders.personIds).size;
      for (let i = 0; i < items.length; i += batch) if (putWhileKept(responses, items.slice(i, i + batch), holders, false) === 'erased') return false;
      return true;
    },
    keepOpenUntil: async (questionId, closesAt) => {
      const question = await getQuestion(questionId);
      if (!question) return false;
      if (question.closesAt >= closesAt) return true;
      const later = (key: Item, field: string) =>
        responses.update(
          key,
          (item) => (item[field] as string) < closesAt && (Object.assign(item, { [field]: closesAt, expiresAtEpoch: keptUntil(closesAt) }), true),
        );
      later(questionKey(questionId), 'closesAt');
      for (const linkId of Object.values(question.links)) later({ id: `LINK#${linkId}` }, 'expiresAt');
      return true;
    },
    getLink: async (linkId) => {
      const item = responses.get({ id: `LINK#${linkId}` });
      return item && (without(item, 'id', 'expiresAtEpoch') as unknown as ResponseLink);
    },

    recordMailSent: async (relationshipId, mail) => {
      const item = { pk: `REL#${relationshipId}`, sk: `MAIL#${mail.messageKey}`, ...mail, state: 'sent' };
      if (main.has(item)) return false;
      main.put(item);
      return true;
    },
    listMail: async (relationshipId) => main.query(`REL#${relationshipId}`, 'MAIL#') as unknown as MailRecord[],

    saveAnswer: async (question, holders) => {
      const { questionId, kind, subject, answers, outcome, settledAt } = question;
      const item = { pk: `REL#${holders.relationshipId}`, sk: `ANSWER#${questionId}`, questionId, kind, subject, answers, outcome, settledAt };
      const put = putWhileKept(main, [item], holders, true);
      return put === 'exists' ? addToRecord(questionId, answers, holders, { outcome, settledAt }) : put === 'written';
    },
    listAnswers,
    listSavedAnswers: async (relationshipId) => (await listAnswers(relationshipId)).map(savedAnswerOf),

    openRematchRequest: async (request) => {
      const item = { pk: programKey(request.programId), sk: `REMATCH#${request.menteeId}#${request.relationshipId}`, ...request };
      if (main.has(item)) return false;
      main.put(item);
      return true;
    },
    listRematchRequests: async (programId) =>
      main.query(programKey(programId), 'REMATCH#').map((item) => without(item, 'pk', 'sk') as unknown as RematchRequest),

    erasePerson: async (programId, personId, at) => {
      const person = main.get(personKey(programId, personId));
      if (!person) return { people: 0, emailIndex: 0 };
      const email = typeof person.email === 'string' ? person.email : '';
      const index = { pk: programKey(programId), sk: `EMAIL#${normalEmail(email)}` };
      const emailIndex = email !== '' && main.get(index)?.personId === personId && Boolean(main.delete(index));
      const people = main.update(
        personKey(programId, personId),
        (item) => item.erasedAt === undefined && (Object.assign(item, { name: ERASED_NAME, email: '', erasedAt: at }), true),
      );
      return { people: Number(people), emailIndex: Number(emailIndex) };
    },
    markForgotten: async (programId, email, personId, at) => {
      const key = forgottenKey(programId, email);
      if (!main.has(key)) main.put({ ...key, personId, forgottenAt: at });
    },
    findForgotten: async (programId, email) => forgottenOf(main.get(forgottenKey(programId, email))),
    removeForgottenMark: async (programId, email) => forgottenOf(main.delete(forgottenKey(programId, email))),
    isPersonStored: async (programId, personId) => main.has(personKey(programId, personId)),
    eraseCircleName: async (relationshipId) =>
      Number(
        main.update(relationshipKey(relationshipId), (item) => item.circle !== undefined && item.circle !== ERASED_NAME && ((item.circle = ERASED_NAME), true)),
      ),
    eraseAnswerDetails: async (relationshipId, personId) => {
      let changed = 0;
      for (const { pk, sk } of await listAnswers(relationshipId))
        main.update({ pk, sk }, (item) => {
          const erased = withoutDetails(item, personId);
          changed += erased;
          return erased > 0;
        });
      return changed;
    },
    eraseGoalTexts: async (relationshipId, menteeId) => {
      let changed = 0;
      for (const { pk, sk, description } of main.query(`REL#${relationshipId}`, menteeId ? `GOAL#${menteeId}#` : 'GOAL#'))
        if (description) changed += Number(main.update({ pk, sk }, (item) => ((item.description = ''), true)));
      return changed;
    },
    deleteRematchRequests: async (programId, menteeId) => {
      const items = main.query(programKey(programId), `REMATCH#${menteeId}#`);
      for (const item of items) main.delete(item);
      return items.length;
    },
    markPersonalDataErased: async (relationshipId, at) =>
      main.update(
        relationshipKey(relationshipId),
        (item) => item.personalDataErasedAt === undefined && ((item.personalDataErasedAt = at), delete item.endLinks, true),
      ),
    listResponseRecords: async (relationshipIds) =>
      responses
        .peek()
        .map((item): ResponseRecord | undefined => {
          const id = String(item.id);
          if (id.startsWith('QUESTION#')) return { id, kind: 'question', relationshipId: String(item.relationshipId) };
          if (id.startsWith('LINK#'))
            return { id, kind: 'link', relationshipId: relationshipOfQuestion(String(item.questionId)), personId: String(item.personId) };
          return undefined;
        })
        .filter((record): record is ResponseRecord => record !== undefined && relationshipIds.has(record.relationshipId)),
    deleteResponseRecords: async (ids) => {
      for (const id of ids) responses.delete({ id });
      return ids.length;
    },
    eraseQuestionAnswer: async (questionRecordId, personId) => {
      let changed = 0;
      responses.update({ id: questionRecordId }, (item) => (changed = withoutDetails(item, personId)) > 0);
      return changed;
    },
    removeProgramRecords: async (programId, relationshipIds) => {
      const removed: RemovedRecords = {};
      for (const pk of [programKey(programId), ...relationshipIds.map((id) => `REL#${id}`)])
        for (const item of main.query(pk)) {
          const kind = String(item.sk).split('#')[0]!;
          removed[kind] = (removed[kind] ?? 0) + 1;
          main.delete(item);
        }
      return removed;
    },
  } satisfies Store;
  /** Every item of a table as DynamoDB would hold it, keys included: what a scan of the deployed table returns. */
  const scan = (table: 'mentoring' | 'responses'): Item[] => (table === 'mentoring' ? main : responses).all();
  return Object.assign(store, { scan });
};

const forgottenOf = (item: Item | undefined): Forgotten | undefined =>
  item ? { personId: String(item.personId), forgottenAt: String(item.forgottenAt) } : undefined;
