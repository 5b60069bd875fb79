/**
 * `mentoring match` on a large pool: 5,000 mentees and 1,000 mentors in a generated people
 * file, read, matched and written as the command does. Prints the wall time, the peak memory,
 * the share of mentees matched and the mean score. Deterministic: the pool comes from a seed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { resourceUsage } from 'node:process';
import { loadProgram } from '#adapters/program-file';
import { matchPool } from '#use-cases/pool/match-pool';
import { matchReportText } from '#presentation/reports/match-report';
import { csvOf } from '#presentation/reports/csv';
import { PEOPLE_COLUMNS } from '#use-cases/pool/read-people';

const MENTEES = Number(process.env.MENTEES ?? 5_000);
const MENTORS = Number(process.env.MENTORS ?? 1_000);
const COMPETENCIES = ['stakeholder-management', 'giving-feedback', 'strategic-thinking', 'delegation'];
const ZONES = ['Europe/Amsterdam', 'Europe/Oslo', 'Europe/Warsaw', 'Europe/Rome', 'Europe/London', 'Asia/Jakarta'];
const LANGUAGES = ['en', 'id', 'it', 'pl', 'nl', 'nb'];
const DEPARTMENTS = ['Sales', 'Finance', 'Operations', 'Engineering', 'Strategy', 'People'];

// A linear congruential generator: the same pool every run.
let seed = 20270111;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const some = <T>(items: readonly T[], most: number): T[] => [...new Set(Array.from({ length: 1 + Math.floor(random() * most) }, () => pick(items)))];

const rows: Record<(typeof PEOPLE_COLUMNS)[number], string>[] = [];
for (let j = 0; j < MENTORS; j++)
  rows.push({
    name: `Mentor ${j}`,
    email: `mentor${j}@example.org`,
    role: 'mentor',
    competencies: some(COMPETENCIES, 3).join(';'),
    languages: [pick(LANGUAGES), 'en'].join(';'),
    time_zone: pick(ZONES),
    department: pick(DEPARTMENTS),
    // Mentors report to mentors with smaller numbers: a management tree five levels deep.
    line_manager_email: j > 0 ? `mentor${Math.floor((j - 1) / 5)}@example.org` : '',
    line_manager_name: '',
    capacity: String(1 + Math.floor(random() * 5)),
    takes_circle: random() < 0.2 ? 'yes' : 'no',
  });
for (let i = 0; i < MENTEES; i++)
  rows.push({
    name: `Mentee ${i}`,
    email: `mentee${i}@example.org`,
    role: 'mentee',
    competencies: some(COMPETENCIES, 2).join(';'),
    languages: [pick(LANGUAGES), 'en'].join(';'),
    time_zone: pick(ZONES),
    department: pick(DEPARTMENTS),
    line_manager_email: `mentor${Math.floor(random() * MENTORS)}@example.org`,
    line_manager_name: '',
    capacity: '',
    takes_circle: '',
  });

const dir = mkdtempSync(join(tmpdir(), 'mentoring-match-bench-'));
try {
  const people = join(dir, 'people.csv');
  writeFileSync(people, csvOf(PEOPLE_COLUMNS, rows));
  const program = await loadProgram('examples/program.yaml');
  const started = performance.now();
  const { proposal, enrolmentCsv, circles } = await matchPool(people, program, { name: 'Ingrid Solberg', email: 'ingrid.solberg@example.org' });
  writeFileSync(join(dir, 'proposals.csv'), enrolmentCsv);
  writeFileSync(join(dir, 'report.txt'), matchReportText(proposal, program, 'proposals.csv', circles));
  const seconds = (performance.now() - started) / 1000;
  const places = rows.filter((r) => r.role === 'mentor').reduce((sum, r) => sum + Number(r.capacity), 0);
  console.log(`mentoring match: ${MENTEES} mentees, ${MENTORS} mentors (${places} places)`);
  console.log(`  wall time      ${seconds.toFixed(2)} s (read, match, write)`);
  console.log(`  peak memory    ${Math.round(resourceUsage().maxRSS / 1024)} MB (maximum resident set)`);
  console.log(`  matched        ${proposal.pairs.length} of ${MENTEES} mentees (${((proposal.pairs.length / MENTEES) * 100).toFixed(1)} %)`);
  console.log(`  mean score     ${(proposal.totalScore / Math.max(1, proposal.pairs.length)).toFixed(1)}`);
  console.log(`  pruned         ${proposal.pruned ? 'yes: each mentee weighed against their best mentors' : 'no: the exact optimum'}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
