import { nameWithStanding, outcomeInWords } from '#domain/desk/outcome';
import type { NextDue, ProgramStatus, StatusRow } from '#domain/desk/relationship-status';

/**
 * `mentoring status` as a coordinator reads it in a terminal: one line per relationship, in
 * columns, the ones that need them first. Dates are the day in UTC, as the command's `at`.
 */

const HEALTH_ORDER = ['at-risk', 'paused', 'matching', 'on-track', 'ended'];
const REASONS: Record<string, string> = { 'two-missed-in-a-row': 'meetings missed', 'low-rating': 'low rating', silent: 'silent' };
/** A safety-net reason in the words a coordinator reads. */
export const reasonInWords = (reason: string): string => REASONS[reason] ?? reason;
const day = (iso: string) => iso.slice(0, 10);

const health = (row: StatusRow) =>
  row.health === 'at-risk'
    ? `at risk: ${row.atRisk.map(reasonInWords).join(', ')}`
    : row.health === 'ended'
      ? `ended: ${outcomeInWords(row.outcome)}`
      : row.health.replace('-', ' ');
const next = (due: NextDue | undefined) =>
  !due ? '' : due.what === 'meeting' ? `meeting ${due.meetingNo} ${day(due.at)}` : due.what === 'return' ? `back ${day(due.at)}` : `closure ${day(due.at)}`;
const mentees = (row: StatusRow) => (row.circle ? `${row.circle}: ` : '') + row.mentees.map((m) => nameWithStanding(m.name, m.standing)).join(', ');
const waiting = (row: StatusRow) =>
  row.waiting.map((w) => `${w.kind} from ${w.waitingFor.map((p) => p.name).join(', ')} (closes ${day(w.closesAt)})`).join('; ');

const COLUMNS: [string, (row: StatusRow) => string][] = [
  ['RELATIONSHIP', (row) => row.relationshipId],
  ['MENTEE', mentees],
  ['MENTOR', (row) => row.mentor.name],
  ['PHASE', (row) => row.phase],
  ['HEALTH', health],
  ['NEXT', (row) => next(row.next)],
  ['LAST ANSWER', (row) => (row.lastAnswer ? `${row.lastAnswer.kind} ${day(row.lastAnswer.at)}` : '')],
  ['E-MAILS', (row) => String(row.emailsSent)],
  ['WAITING ON', waiting],
];

/** The rows that need the coordinator first (at risk, then paused, …), each group by relationship id. */
export const deskOrder = (rows: readonly StatusRow[]): StatusRow[] =>
  [...rows].sort((a, b) => HEALTH_ORDER.indexOf(a.health) - HEALTH_ORDER.indexOf(b.health) || a.relationshipId.localeCompare(b.relationshipId));

/** A heading with the counts, then the table; or one line saying nothing matched. */
export const statusTable = (status: ProgramStatus): string => {
  const rows = deskOrder(status.relationships);
  const counts = HEALTH_ORDER.map((h) => [h, rows.filter((r) => r.health === h).length] as const)
    .filter(([, n]) => n > 0)
    .map(([h, n]) => `${n} ${h.replace('-', ' ')}`)
    .join(', ');
  const shown = rows.length === status.total ? `${status.total} relationships` : `${rows.length} of ${status.total} relationships`;
  const heading = `Program ${status.programId} at ${status.at.slice(0, 16).replace('T', ' ')} UTC: ${shown}${counts ? ` (${counts})` : ''}.`;
  if (!rows.length) return heading;
  const cells = rows.map((row) => COLUMNS.map(([, cell]) => cell(row)));
  const widths = COLUMNS.map(([title], i) => Math.max(title.length, ...cells.map((line) => line[i]!.length)));
  const line = (values: string[]) =>
    values
      .map((value, i) => (i === values.length - 1 ? value : value.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [heading, line(COLUMNS.map(([title]) => title)), ...cells.map(line)].join('\n');
};
