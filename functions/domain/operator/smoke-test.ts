import { parseProgram, type Program } from '../program/config.ts';

/** Every smoke test's program id starts so: the clean-up removes nothing else. */
const SMOKE_TEST = 'smoke-test-';

export const isSmokeTestProgram = (programId: string): boolean => programId.startsWith(SMOKE_TEST);

/**
 * A throwaway program for one smoke test, named for its second (`smoke-test-20270111-093000`), so
 * it cannot be taken for a real one and two tests never share one. It starts today, in UTC.
 */
export const smokeTestProgram = (now: Date): Program => {
  const iso = now.toISOString();
  const stamp = `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}`;
  return parseProgram(
    {
      id: `${SMOKE_TEST}${stamp}`,
      name: `Smoke test ${iso.slice(0, 19).replace('T', ' ')} UTC`,
      locale: 'en',
      timeZone: 'UTC',
      startDate: iso.slice(0, 10),
      competencies: [{ id: 'smoke-test', name: 'Checking the deployment', kind: 'tactical' }],
    },
    'the smoke test program',
  );
};

/**
 * The smoke test's pair as an enrolment file: the operator's two addresses as mentor and mentee;
 * the mentor also coordinates, and the line manager is the mentor's address tagged
 * `+line-manager` (a mentor may not be their mentee's manager). Before both accept, only
 * mentor and mentee are written to.
 */
export const smokeTestEnrolment = ({ mentor, mentee }: { mentor: string; mentee: string }, program: Pick<Program, 'competencies'>): string => {
  const [local, domain] = mentor.split('@');
  const manager = `${local}+line-manager@${domain}`;
  return [
    'mentee_name,mentee_email,mentor_name,mentor_email,manager_name,manager_email,coordinator_name,coordinator_email,competencies',
    `Smoke test mentee,${mentee},Smoke test mentor,${mentor},Smoke test line manager,${manager},Smoke test mentor,${mentor},${program.competencies[0]!.id}`,
  ].join('\n');
};
