import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CohortRecord } from './run-cohort.ts';

/**
 * Writes a run's record for people and scripts:
 *   summary.json            the per-pair summary and totals
 *   emails.json             every e-mail sent, as the inbox holds it
 *   events.jsonl            every relationship event published on the bus, one a line, by time
 *   executions/<name>.json  each execution with its full history
 *   usage.json              what the run used of each service, as CloudWatch would count it
 *   report.html             the program report, when the run made one
 */
export const writeRunRecord = async (folder: string, record: CohortRecord, totals: Record<string, number>): Promise<string> => {
  await mkdir(join(folder, 'executions'), { recursive: true });
  const { emails, executions, events, usage, report, ...summary } = record;
  await writeFile(join(folder, 'summary.json'), `${JSON.stringify({ ...summary, totals }, null, 2)}\n`);
  await writeFile(join(folder, 'usage.json'), `${JSON.stringify(usage, null, 2)}\n`);
  if (report) await writeFile(join(folder, 'report.html'), report.html);
  await writeFile(join(folder, 'emails.json'), `${JSON.stringify(emails, null, 2)}\n`);
  await writeFile(join(folder, 'events.jsonl'), events.map((event) => `${JSON.stringify(event)}\n`).join(''));
  await Promise.all(executions.map((execution) => writeFile(join(folder, 'executions', `${execution.name}.json`), `${JSON.stringify(execution, null, 2)}\n`)));
  return folder;
};
