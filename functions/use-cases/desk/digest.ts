import { clock } from '#platform/clock';
import { logger } from '#platform/logger';
import {
  concernsTheWeek,
  digestDue,
  digestItems,
  hasSomethingToSay,
  nextDigestAt,
  rematchesOfTheWeek,
  rematchProposalIsNews,
  type DigestWeek,
} from '#domain/desk/digest';
import { pairAnswers, settledCheckIns } from '#domain/safety-net';
import { DIGEST, waitingQuestions } from '#domain/desk/relationship-status';
import { actionsFor, weekKeyOf } from '#domain/desk/coordinator-actions';
import { rematchProposals, type RematchProposal } from '#domain/matching/rematch-pool';
import { privateReasons, REMATCH_NOTE_KINDS } from '#domain/endings';
import { addDays } from '#domain/program/schedule';
import type { Person, Relationship, Role } from '#domain/model';
import type { Program } from '#domain/program/config';
import { digestLetter, type DigestEntry } from '#presentation/letters/digest-letter';
import { translator } from '#presentation/messages/index';
import { responseUrl } from '#presentation/pages/links';
import { sendOnce } from '#adapters/mail/mailer';
import {
  getPeople,
  getProgram,
  listAnswers,
  listOpenQuestions,
  listPeople,
  listProgramIds,
  listRelationships,
  listRematchRequests,
  readHistory,
  type OpenQuestion,
  type RematchRequest,
} from '#adapters/store';
import { calendarOf } from '#use-cases/relationship/relationship-context';
import { namesOf } from '#use-cases/relationship/write-to';
import { openActionLinks, openRematchLink } from './action-links.ts';
import { reasonInWords } from '#presentation/letters/match-reasons';

export interface DigestRun {
  at: string;
  /** Digests sent now, and coordinators whose week had nothing to say. */
  sent: number;
  quiet: number;
  /** The next instant a digest is due, for a schedule that need not wake every hour (the local runtime's). */
  next?: string;
}

/** A relationship's people by id, each with their role in it. */
const rolesIn = (r: Relationship): [string, Role][] => [
  [r.mentorId, 'mentor'],
  [r.coordinatorId, 'coordinator'],
  ...r.mentees.flatMap((m): [string, Role][] => [
    [m.personId, 'mentee'],
    [m.managerId, 'manager'],
  ]),
];

const entryOf = async (
  relationship: Relationship,
  program: Program,
  people: Map<string, Person>,
  open: readonly OpenQuestion[],
  week: DigestWeek & { startsAt: Date },
): Promise<DigestEntry> => {
  const history = await readHistory(relationship.relationshipId);
  const roles = new Map(rolesIn(relationship));
  const mine = open.filter((q) => q.relationshipId === relationship.relationshipId);
  const items = digestItems(
    {
      relationship,
      calendar: calendarOf(relationship, program),
      ...history,
      open: mine,
      people: [...roles.keys()].flatMap((id) => (people.get(id) && roles.get(id) !== 'coordinator' ? [people.get(id)!] : [])),
      thresholds: program.safetyNet,
    },
    week,
  );
  const mentees = relationship.mentees.map((m) => people.get(m.personId)!).filter(Boolean);
  const coordinator = people.get(relationship.coordinatorId);
  const mentor = people.get(relationship.mentorId);
  const chosen = actionsFor(relationship, items);
  const actions =
    coordinator && mentor && chosen.length
      ? await openActionLinks(
          {
            relationship,
            coordinator,
            people: [mentor, ...mentees],
            pair: namesOf([...mentees, mentor], coordinator.locale),
            waiting: waitingQuestions(mine)
              .filter((q) => q.waitingFor.some((id) => id !== relationship.coordinatorId))
              .map((q) => q.questionId),
          },
          chosen,
          weekKeyOf(week.startsAt, coordinator.timeZone),
          week.startsAt,
        )
      : {};
  return {
    relationshipId: relationship.relationshipId,
    actions,
    mentees: namesOf(mentees, coordinator?.locale ?? program.locale),
    mentor: people.get(relationship.mentorId)?.name ?? '',
    items,
    answers: pairAnswers(settledCheckIns(history.saved)),
    person: (personId) => ({ name: people.get(personId)?.name ?? '', role: roles.get(personId) ?? 'mentee' }),
    ownLink: (kind, answer) => {
      const link = mine.find((q) => q.kind === kind)?.links[relationship.coordinatorId];
      return link ? responseUrl(link, answer) : undefined;
    },
  };
};

/** One coordinator's digest for the week that starts now: `sent` now, `quiet` when the week has nothing to say; none when it went before or its reader cannot get it. */
const sendDigest = async (
  program: Program,
  coordinator: Person,
  theirs: Relationship[],
  byId: Map<string, Person>,
  due: NonNullable<ReturnType<typeof digestDue>>,
  now: Date,
  openQuestions: () => Promise<OpenQuestion[]>,
  rematchRequests: () => Promise<RematchRequest[]>,
  rematchProposals: () => Promise<RematchProposal[]>,
): Promise<'sent' | 'quiet' | undefined> => {
  const week = { since: due.since, now, startsAt: due.startsAt };
  const questions = await openQuestions();
  const entries = [];
  for (const r of theirs.filter((r) => concernsTheWeek(r, week))) entries.push(await entryOf(r, program, byId, questions, week));
  const ids = new Set(theirs.map((r) => r.relationshipId));
  const rematches = rematchesOfTheWeek(
    // A request a rematch took up is news no more.
    (await rematchRequests()).filter((r) => r.status === 'open' && ids.has(r.relationshipId)),
    week,
  );
  const proposals = (await rematchProposals()).filter((p) => ids.has(p.relationshipId));
  if (!hasSomethingToSay(entries, rematches.fresh) && !proposals.some((p) => rematchProposalIsNews(p.openedAt, now))) return 'quiet';
  const t = translator(coordinator.locale);
  const proposed = [];
  for (const p of proposals) {
    const reasons = p.reasons.map((r) => reasonInWords(t, coordinator.locale, program, r, p.mentee.name)).join('; ');
    const ended = theirs.find((r) => r.relationshipId === p.relationshipId)!;
    const url = await openRematchLink(
      { relationship: ended, coordinator, people: [] },
      { ...p, reasons },
      weekKeyOf(due.startsAt, coordinator.timeZone),
      due.startsAt,
    );
    if (url) proposed.push({ mentee: p.mentee.name, mentor: p.mentor.name, reasons, url });
  }
  const fresh = [];
  for (const r of rematches.fresh) {
    const ended = theirs.find((x) => x.relationshipId === r.relationshipId)!;
    const notes = [...privateReasons(await listAnswers(r.relationshipId), REMATCH_NOTE_KINDS).values()];
    fresh.push({ ...r, mentee: byId.get(r.menteeId)?.name ?? '', mentor: byId.get(ended.mentorId)?.name ?? '', notes });
  }
  const letter = digestLetter({ t, person: coordinator, program: program.name, weekStart: due.startsAt }, entries, {
    fresh,
    stillOpen: rematches.stillOpen,
    proposed,
  });
  const delivery = await sendOnce({
    // Logged with the coordinator's first relationship, as their undeliverable letters are: a bounce finds its program.
    relationshipId: theirs[0]!.relationshipId,
    messageKey: `${DIGEST}/${due.week}/${coordinator.personId}`,
    kind: DIGEST,
    to: coordinator,
    role: 'coordinator',
    senderName: program.name,
    letter: {
      lang: coordinator.locale,
      greeting: t('greeting', { name: coordinator.name }),
      signature: t('coordinatorSignature', { program: program.name }),
      footer: t('coordinatorFooter', { program: program.name }),
      ...letter,
    },
  });
  logger.info('weekly digest', {
    programId: program.id,
    coordinatorId: coordinator.personId,
    week: due.week,
    delivery,
    relationshipIds: entries.filter((e) => e.items.length).map((e) => e.relationshipId),
    items: entries.reduce((n, e) => n + e.items.length, 0),
    rematches: rematches.fresh.length,
  });
  return delivery === 'sent' ? 'sent' : undefined;
};

/**
 * Every hour (the schedule's tick), each coordinator whose working week started within the hour
 * gets the week's digest: what needs them across their relationships (`digestItems`) and the
 * rematch requests new since the last one. A week with nothing to say sends nothing. The week's
 * key sends it once, however often the tick is retried. Logs ids and counts only.
 */
export const sendDigests = async (now: Date = clock().now()): Promise<DigestRun> => {
  const run: DigestRun = { at: now.toISOString(), sent: 0, quiet: 0 };
  const failed: string[] = [];
  let open: Promise<OpenQuestion[]> | undefined;
  for (const programId of await listProgramIds()) {
    let requests: Promise<RematchRequest[]> | undefined;
    const rematchRequests = () => (requests ??= listRematchRequests(programId));
    let proposals: Promise<RematchProposal[]> | undefined;
    const [program, relationships] = await Promise.all([getProgram(programId), listRelationships(programId)]);
    const coordinatorIds = [...new Set(relationships.map((r) => r.coordinatorId))].sort();
    if (!coordinatorIds.length) continue;
    // The coordinators say whose week starts now; everyone else is read only in an hour a digest is due, and most hours none is.
    const coordinators = await getPeople(programId, coordinatorIds);
    let everyone: Promise<Map<string, Person>> | undefined;
    const people = () => (everyone ??= listPeople(programId).then((list) => new Map(list.map((p) => [p.personId, p]))));
    const workingDays = program.meetings.workingDays;
    for (const coordinatorId of coordinatorIds) {
      const coordinator = coordinators.get(coordinatorId);
      if (!coordinator || coordinator.erasedAt) continue;
      const theirs = relationships.filter((r) => r.coordinatorId === coordinatorId).sort((a, b) => a.relationshipId.localeCompare(b.relationshipId));
      // Only a coordinator with a relationship still to hear of is waited for.
      if (theirs.some((r) => concernsTheWeek(r, { since: addDays(now, -7) }))) {
        const next = nextDigestAt(now, coordinator.timeZone, workingDays).toISOString();
        if (!run.next || next < run.next) run.next = next;
      }
      const due = digestDue(now, coordinator.timeZone, workingDays);
      if (!due) continue;
      try {
        const outcome = await sendDigest(
          program,
          coordinator,
          theirs,
          await people(),
          due,
          now,
          () => (open ??= listOpenQuestions()),
          rematchRequests,
          // From what this run read already: the program, its relationships, its people and its requests.
          () =>
            (proposals ??= Promise.all([people(), rematchRequests()]).then(([byId, all]) =>
              rematchProposals(program, all, relationships, [...byId.values()], now),
            )),
        );
        if (outcome) run[outcome] += 1;
      } catch (error) {
        // One coordinator's digest that fails (SES refusing, say) does not keep the others': the run fails after them, and is retried.
        failed.push(coordinatorId);
        logger.error('weekly digest not sent', { programId, coordinatorId, week: due.week, error: (error as Error).name });
      }
    }
  }
  if (failed.length) throw new Error(`The weekly digest of ${failed.length} coordinator(s) was not sent: ${failed.join(', ')}; the next run tries again`);
  return run;
};
