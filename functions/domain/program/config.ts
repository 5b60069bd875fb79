import type * as z from 'zod';
import { phaseLimitProblems } from './limits.ts';
import { programSettings } from './settings.ts';

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
    super(`${file} is not a valid program configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** `meetings.cadence[1].every` style, as a coordinator would look it up in the file. */
export const fieldPath = (path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');

export const parseProgram = (raw: unknown, file: string): Program => {
  const result = programSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigurationError(
      file,
      result.error.issues.map((issue) => `${fieldPath(issue.path) || '(top level)'}: ${issue.message}`),
    );
  }
  return result.data;
};
