import { characterProblem, lengthProblem } from '#domain/plain-text';

/** A competency's name is shown in e-mails and on pages beside a goal: a short phrase. */
export const COMPETENCY_NAME_MAX = 100;

/** Deeper than any program nests its settings: what lies below is the schema's to refuse, not read here. */
const DEEPEST = 8;
const MOST_TEXTS = 10_000;

export interface TextProblem {
  path: PropertyKey[];
  message: string;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && [Object.prototype, null].includes(Object.getPrototypeOf(value) as object | null);

const problemOf = (text: string, path: PropertyKey[]): string | undefined => {
  const isName = path.at(-1) === 'name';
  const isCompetencyName = isName && path.length === 3 && path[0] === 'competencies';
  return (
    (isCompetencyName ? lengthProblem(text, COMPETENCY_NAME_MAX) : undefined) ??
    // A name is one line; other texts may break lines and hold tabs.
    characterProblem(text, { lineBreaks: !isName })
  );
};

/**
 * The human-readable texts of a program file, wherever they are: none may hold a control or
 * text-direction character, and a competency's name is short. The schema checks the rest.
 */
export const textProblems = (raw: unknown): TextProblem[] => {
  const problems: TextProblem[] = [];
  const pending: { value: unknown; path: PropertyKey[] }[] = [{ value: raw, path: [] }];
  for (let seen = 0; pending.length && seen < MOST_TEXTS; seen++) {
    const { value, path } = pending.pop()!;
    if (typeof value === 'string') {
      const message = problemOf(value, path);
      if (message) problems.push({ path, message });
    } else if (path.length < DEEPEST && (Array.isArray(value) || isPlainObject(value))) {
      const entries: [PropertyKey, unknown][] = (
        Array.isArray(value) ? value.map((item, i): [PropertyKey, unknown] => [i, item]) : Object.entries(value)
      ).slice(0, MOST_TEXTS);
      // Last first, so the problems come out in the order of the file.
      for (const [key, item] of entries.reverse()) pending.push({ value: item, path: [...path, key] });
    }
  }
  return problems;
};
