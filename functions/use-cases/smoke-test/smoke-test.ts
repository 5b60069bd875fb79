import type { Lane } from '#domain/lifecycle/lanes';
import { isSmokeTestProgram, smokeTestEnrolment, smokeTestProgram } from '#domain/operator/smoke-test';
import { clock } from '#platform/clock';
import { sendingRecordId } from '#adapters/mail/mailer';
import { PAGE_SECURITY_HEADERS } from '#presentation/pages/headers';
import { responseUrl } from '#presentation/pages/links';
import { stopRuns } from '#adapters/workflow/executions';
import {
  deleteResponseRecords,
  getQuestion,
  listMail,
  listRelationships,
  listResponseRecords,
  removeProgramRecords,
  type RemovedRecords,
} from '#adapters/store';
import { enrolCohort } from '#use-cases/enrolment/enrol';
import { parseEnrolment } from '#use-cases/enrolment/read-enrolment';
import { match } from '#use-cases/matching/match';

/** One step of the smoke test failed; what it made is removed all the same. */
export class SmokeTestFailed extends Error {
  override name = 'SmokeTestFailed';
  constructor(
    readonly step: string,
    reason: string,
    readonly removed: SmokeTestRemoval,
  ) {
    super(`The smoke test failed at "${step}": ${reason}`);
  }
}

export interface SmokeTestRemoval {
  programId: string;
  relationshipIds: string[];
  /** Records of the main table by kind (`PROGRAM`, `PERSON`, `REL`, `MAIL`, …), then the responses table's. */
  records: RemovedRecords & { questionsAndLinks: number; sends: number };
}

export interface SmokeTestReport {
  programId: string;
  relationshipId: string;
  /** The match e-mails' SES message ids, by reader's role. */
  messageIds: Record<string, string>;
  /** The mentor's answer link of the match e-mail ("accept"), answered 200 with the security headers. */
  link: string;
  removed: SmokeTestRemoval;
}

export interface SmokeTestSteps {
  /** Lets time pass before the next look (on AWS a couple of seconds; locally until the runtime is idle). */
  wait: () => Promise<void>;
  /** How long to wait for the e-mails before giving up. */
  timeoutMs: number;
  /** A line saying what the test waits for, each time it looks again. */
  status?: (line: string) => void;
  /** The answer page is checked; the operator may open the link before everything is removed. */
  beforeRemoval?: (link: string) => Promise<void>;
  /** GET of a page (default: fetch). */
  openPage?: (url: string) => Promise<{ status: number; headers: Headers }>;
}

const EVERY_LANE: Lane[] = ['main', 'agreement', 'pause', 'conclusion'];
const SENT_TO = ['mentor', 'mentee'] as const;

const fetchPage = async (url: string) => {
  const response = await fetch(url, { redirect: 'manual' });
  await response.arrayBuffer();
  return { status: response.status, headers: response.headers };
};

/** Stops what runs and removes every record of the throwaway program: a real program is refused. */
const removeSmokeTest = async (programId: string, wait: () => Promise<void>): Promise<SmokeTestRemoval> => {
  if (!isSmokeTestProgram(programId)) throw new Error(`${programId} is not a smoke test's program; nothing removed`);
  const relationships = await listRelationships(programId);
  for (const relationship of relationships) await stopRuns(relationship, EVERY_LANE);
  // A step already under way finishes first, so nothing it writes is left behind.
  await wait();
  const ids = new Set(relationships.map((r) => r.relationshipId));
  const responses = (await listResponseRecords(ids)).map((record) => record.id);
  const sends: string[] = [];
  for (const relationshipId of ids) for (const mail of await listMail(relationshipId)) sends.push(sendingRecordId(relationshipId, mail.messageKey));
  return {
    programId,
    relationshipIds: [...ids],
    records: {
      ...(await removeProgramRecords(programId, [...ids])),
      questionsAndLinks: await deleteResponseRecords(responses),
      sends: await deleteResponseRecords(sends),
    },
  };
};

/**
 * `mentoring smoke-test`: checks a fresh deployment end to end with the operator's own two
 * addresses. Enrols them as a pair in a throwaway program, waits until SES took both match
 * e-mails (their message ids in the relationship's e-mail log), opens the mentor's answer page
 * (200, with the security headers), then stops the executions and removes everything it made.
 * A failure names its step; the clean-up runs all the same.
 */
export const runSmokeTest = async (addresses: { mentor: string; mentee: string }, steps: SmokeTestSteps): Promise<SmokeTestReport> => {
  const program = smokeTestProgram(clock().now());
  // Checked as any enrolment is, before anything is stored.
  const rows = parseEnrolment(smokeTestEnrolment(addresses, program), program, 'the smoke test pair');
  let step = 'enrol the test pair';
  let relationshipId = '';
  let link: string;
  const messageIds: Record<string, string> = {};
  try {
    const enrolled = await enrolCohort(program, rows, undefined, 'the smoke test pair');
    relationshipId = enrolled.enrolled[0]!;

    step = 'wait for the match e-mails';
    const started = Date.now();
    for (;;) {
      for (const mail of await listMail(relationshipId)) if (mail.messageId) messageIds[mail.recipientRole] ??= mail.messageId;
      const waiting = SENT_TO.filter((role) => !messageIds[role]);
      steps.status?.(
        `${step}: ${SENT_TO.map((role) => `${role} ${messageIds[role] ? 'sent' : 'not yet'}`).join(', ')} (${Math.round((Date.now() - started) / 1000)} s)`,
      );
      if (!waiting.length) break;
      if (Date.now() - started > steps.timeoutMs)
        throw new Error(
          `SES has not taken the e-mail to the ${waiting.join(' and ')} after ${Math.round(steps.timeoutMs / 1000)} s: look at the Matching execution's history and the ask-participants log (an unverified sender or, in the SES sandbox, recipient?)`,
        );
      await steps.wait();
    }

    step = 'open the answer page';
    const question = await getQuestion(match.questionId(relationshipId, {}));
    const mentorId = (await listRelationships(program.id)).find((r) => r.relationshipId === relationshipId)!.mentorId;
    const linkId = question?.links[mentorId];
    if (!linkId) throw new Error('the match question has no link for the mentor');
    link = responseUrl(linkId, 'accept');
    const page = await (steps.openPage ?? fetchPage)(link);
    if (page.status !== 200) throw new Error(`GET answered ${page.status}, not 200`);
    const wrong = Object.entries(PAGE_SECURITY_HEADERS).filter(([name, value]) => page.headers.get(name) !== value);
    if (wrong.length) throw new Error(`the page lacks the security header(s) ${wrong.map(([name]) => name).join(', ')}`);
    await steps.beforeRemoval?.(link);
  } catch (error) {
    throw new SmokeTestFailed(step, (error as Error).message, await removeSmokeTest(program.id, steps.wait));
  }
  return { programId: program.id, relationshipId, messageIds, link, removed: await removeSmokeTest(program.id, steps.wait) };
};
