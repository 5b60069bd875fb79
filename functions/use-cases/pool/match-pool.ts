import * as z from 'zod';
import type { Program } from '#domain/program/config';
import { nameProblem, preview } from '#domain/plain-text';
import { ENROLMENT_COLUMNS, NAME_MAX, type EnrolmentColumn } from '#domain/people/enrolment-file';
import type { Candidate } from '#domain/matching/people';
import { proposeMatches, type Proposal } from '#domain/matching/propose';
import { translator } from '#presentation/messages/index';
import { csvOf } from '#presentation/reports/csv';
import { PeopleFileError, readPeople } from './read-people.ts';

export { PeopleFileError } from './read-people.ts';

/** The coordinator of the proposed relationships, as `--coordinator "Name <address>"` gives them. */
export interface Coordinator {
  name: string;
  email: string;
}

/** "Ingrid Solberg <ingrid.solberg@example.org>" as a coordinator, or why it is not one. */
export const parseCoordinator = (text: string): Coordinator | string => {
  const found = /^\s*(.*?)\s*<\s*([^<>\s]+)\s*>\s*$/.exec(text);
  if (!found || !found[1]) return `"${preview(text, 60)}" is not "Name <address>"`;
  const name = found[1];
  const email = found[2]!.toLowerCase();
  const problem = nameProblem(name, NAME_MAX);
  if (problem) return `the name ${problem}`;
  if (!z.regexes.email.test(email)) return `"${preview(email, 60)}" is not an e-mail address`;
  return { name, email };
};

export interface MatchedPool {
  proposal: Proposal;
  /** The proposals as an enrolment file: `mentoring enrol` takes it as it is. */
  enrolmentCsv: string;
  /** Each proposed circle's name, by its mentor's address. */
  circles: Map<string, string>;
}

/** A circle's name for its mentor, unique in the file and no longer than a name may be. */
const circleNames = (proposal: Proposal, locale: string): Map<string, string> => {
  const t = translator(locale);
  const names = new Map<string, string>();
  const used = new Set<string>();
  for (const { mentor, inCircle } of proposal.pairs) {
    if (!inCircle || names.has(mentor.email)) continue;
    const base = t('matching.circleName', { mentor: mentor.name })
      .slice(0, NAME_MAX - 5)
      .trim();
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base} (${n})`;
    used.add(name);
    names.set(mentor.email, name);
  }
  return names;
};

/** The enrolment rows of the proposals: each mentee with their mentor, line manager and the coordinator, and everyone's own language and zone. */
const enrolmentRows = (proposal: Proposal, people: readonly Candidate[], coordinator: Coordinator, circles: Map<string, string>) => {
  const byEmail = new Map(people.map((p) => [p.email, p]));
  return proposal.pairs.map(({ mentee, mentor, competencies, meetingZone }): Record<EnrolmentColumn, string> => {
    const manager = byEmail.get(mentee.lineManagerEmail);
    return {
      mentee_name: mentee.name,
      mentee_email: mentee.email,
      mentor_name: mentor.name,
      mentor_email: mentor.email,
      manager_name: manager?.name ?? mentee.lineManagerName,
      manager_email: mentee.lineManagerEmail,
      coordinator_name: coordinator.name,
      coordinator_email: coordinator.email,
      competencies: competencies.join(';'),
      time_zone: meetingZone,
      start_date: '',
      circle: circles.get(mentor.email) ?? '',
      mentee_locale: mentee.languages[0] ?? '',
      mentor_locale: mentor.languages[0] ?? '',
      manager_locale: manager?.languages[0] ?? '',
      coordinator_locale: '',
      mentee_time_zone: mentee.timeZone,
      mentor_time_zone: mentor.timeZone,
      manager_time_zone: manager?.timeZone ?? '',
      coordinator_time_zone: '',
    };
  });
};

/** Matches the people already read: the proposals, and the enrolment file they make. */
export const matchPeople = (people: readonly Candidate[], program: Program, coordinator: Coordinator, file: string): MatchedPool => {
  // The coordinator is one person in the enrolment file: the same name wherever the address appears.
  const listed = people.find((p) => p.email === coordinator.email);
  if (listed && listed.name !== coordinator.name)
    throw new PeopleFileError(file, [
      `row ${listed.row}: name is "${listed.name}", but the coordinator ${coordinator.email} is "${coordinator.name}"; one address is one person`,
    ]);
  const proposal = proposeMatches(people, {
    competencies: program.competencies.map((c) => c.id),
    meeting: program.meetings,
    startDate: program.startDate,
    coordinatorEmail: coordinator.email,
  });
  const circles = circleNames(proposal, program.locale);
  return { proposal, circles, enrolmentCsv: csvOf(ENROLMENT_COLUMNS, enrolmentRows(proposal, people, coordinator, circles)) };
};

/** Reads the people file and matches it: a file with any problem is refused whole. */
export const matchPool = async (file: string, program: Program, coordinator: Coordinator): Promise<MatchedPool> =>
  matchPeople(await readPeople(file, program), program, coordinator, file);
