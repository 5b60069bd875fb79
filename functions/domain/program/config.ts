import type * as z from 'zod';
import { count, preview, printable } from '#domain/plain-text';
import { listProblems } from '#domain/problem-list';
import { phaseLimitProblems } from './limits.ts';
import { programSettings } from './settings.ts';
import { textProblems } from './texts.ts';

export type { Span } from './settings.ts';

export const programSchema = programSettings
  .superRefine((program, ctx) => {
    const seen = new Set<string>();
    program.competencies.forEach((c, i) => {
      if (seen.has(c.id)) ctx.addIssue({ code: 'custom', path: ['competencies', i, 'id'], message: `"${c.id}" is listed twice` });
      seen.add(c.id);
    });
    program.reviewMonths.forEach((m, i) => {
      if (m >= program.relationship.lengthMonths)
        ctx.addIssue({
          code: 'custom',
          path: ['reviewMonths', i],
          message: `month ${m} is not inside a ${program.relationship.lengthMonths}-month relationship`,
        });
    });
    if (typeof program.midpointReviewMonth === 'number' && !program.reviewMonths.includes(program.midpointReviewMonth))
      ctx.addIssue({
        code: 'custom',
        path: ['midpointReviewMonth'],
        message: `month ${program.midpointReviewMonth} is not one of the reviewMonths (${program.reviewMonths.join(', ')})`,
      });
    for (const problem of phaseLimitProblems(program)) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
  })
  .transform((program) => ({
    ...program,
    midpointReviewMonth: program.midpointReviewMonth === undefined ? (program.reviewMonths.includes(6) ? 6 : null) : program.midpointReviewMonth,
  }));

export type Program = z.infer<typeof programSchema>;

export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${printable(file)} is not a valid program configuration:\n${listProblems(problems)}`);
  }
}

/** `meetings.cadence[1].every` style, as a coordinator would look it up in the file. */
export const fieldPath = (path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    const name = preview(String(key), 40);
    return out ? `${out}.${name}` : name;
  }, '');

const MOST_KEYS_NAMED = 10;

/** The schema's word for an issue; keys the file made up are shown in part, and only the first few. */
const messageOf = (issue: z.core.$ZodIssue): string => {
  if (issue.code !== 'unrecognized_keys') return issue.message;
  const named = issue.keys.slice(0, MOST_KEYS_NAMED).map((key) => `"${preview(key, 40)}"`);
  const more = issue.keys.length - named.length;
  return `Unrecognized key${issue.keys.length > 1 ? 's' : ''}: ${named.join(', ')}${more > 0 ? ` and ${count(more)} more` : ''}`;
};

export const parseProgram = (raw: unknown, file: string): Program => {
  const texts = textProblems(raw);
  const result = programSchema.safeParse(raw);
  if (!result.success || texts.length) {
    // A text with a control character is reported as that, not again as, say, a malformed id.
    const explained = new Set(texts.map((t) => fieldPath(t.path)));
    const issues = [...texts, ...(result.error?.issues ?? []).filter((issue) => !explained.has(fieldPath(issue.path)))];
    throw new ConfigurationError(
      file,
      issues.map((issue) => `${fieldPath(issue.path) || '(top level)'}: ${'code' in issue ? messageOf(issue) : issue.message}`),
    );
  }
  return result.data;
};
