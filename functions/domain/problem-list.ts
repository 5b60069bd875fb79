import { count, printable } from './plain-text.ts';

/** A file with thousands of mistakes gets the first ones in full and a count of the rest, never pages of them. */
export const MESSAGE_BUDGET = 4_000;
const MOST_PROBLEMS = 50;
const LONGEST_PROBLEM = 500;

/** One problem as a line of the message: escaped, and cut short if it runs on. */
const line = (problem: string): string => {
  const text = printable(problem);
  return `  - ${text.length > LONGEST_PROBLEM ? `${text.slice(0, LONGEST_PROBLEM)}…` : text}`;
};

/** The problems as a coordinator reads them: the first ones, one a line, then how many more there are. */
export const listProblems = (problems: readonly string[]): string => {
  const lines: string[] = [];
  let length = 0;
  for (const problem of problems) {
    const next = line(problem);
    if (lines.length === MOST_PROBLEMS || length + next.length > MESSAGE_BUDGET - 100) break;
    lines.push(next);
    length += next.length + 1;
  }
  const more = problems.length - lines.length;
  if (more > 0) lines.push(`  … and ${count(more)} more ${more === 1 ? 'problem' : 'problems'}; fix these and check the file again`);
  return lines.join('\n');
};
