import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take longest, longest first (measured on a 2-core machine): two workers take
 * files from one queue, so a long file started last would keep one worker busy while the other
 * waits. A checkout without vitest's cache of earlier runs would otherwise start with the
 * largest files, which are not these.
 */
export const LONGEST_FIRST = [
  'test/workflow/mentoring-year.test.ts',
  'test/reliability/faults.test.ts',
  'test/workflow/npm-start.test.ts',
  'test/browser/answer-pages.browser.test.ts',
  'test/workflow/desk.test.ts',
  'test/reliability/mail-refused.test.ts',
  'test/workflow/example-year.test.ts',
  'test/property/answer-pages.property.test.ts',
  'test/workflow/determinism.test.ts',
  'test/workflow/local-services.test.ts',
  'test/infra/stack.test.ts',
  'test/workflow/daily-checks.test.ts',
  'test/workflow/smoke-test.test.ts',
  'test/infra/bundles.test.ts',
  'test/property/files.property.test.ts',
  'test/reliability/erasure.test.ts',
  'test/workflow/lifecycle-paths.test.ts',
];

/** The longest files first, in that order; the rest after them, as vitest orders them. */
export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const at = LONGEST_FIRST.indexOf(relative(file.project.config.root, file.moduleId));
      return at === -1 ? LONGEST_FIRST.length : at;
    };
    const rest = await super.sort(files.filter((file) => rank(file) === LONGEST_FIRST.length));
    return [...files.filter((file) => rank(file) < LONGEST_FIRST.length).sort((a, b) => rank(a) - rank(b)), ...rest];
  }
}
