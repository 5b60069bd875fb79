import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { configureApp } from '#infra/mentoring-app';
import type { MentoringStack } from '#infra/mentoring-stack';

/** The context `cdk synth` reads from cdk.json, so the tests see the deployed feature flags and defaults. */
export const cdkJsonContext = (): Record<string, unknown> =>
  (JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> }).context;

const TEST_ALARM_KEY = 'mentoring:alarmEmail';
export const TEST_ALARM_EMAIL = 'alarms@example.org';

export interface Synthesized {
  app: App;
  stack: MentoringStack;
  template: Template;
  /** Removes the cloud assembly written to a temporary directory (nothing for the shared default). */
  dispose(): void;
}

interface Options {
  cloudFormationValidation?: boolean;
  env?: { account: string; region: string };
}

const synthesizeAnew = (context: Record<string, unknown>, { cloudFormationValidation = true, env }: Options): Synthesized => {
  const outdir = mkdtempSync(join(tmpdir(), 'mentoring-cdk-'));
  const dispose = () => rmSync(outdir, { recursive: true, force: true });
  try {
    const app = new App({
      // cdk.json names no alarm address (a deploy must): the tests give the one an organisation would.
      context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], [TEST_ALARM_KEY]: TEST_ALARM_EMAIL, ...context },
      outdir,
      // Its rule engine takes seconds to start; tests about something else may skip it.
      builtinCloudFormationValidation: cloudFormationValidation,
    });
    const stack = configureApp(app, env ? { CDK_DEFAULT_ACCOUNT: env.account, CDK_DEFAULT_REGION: env.region } : {});
    const assembly = app.synth();
    const template = Template.fromJSON(assembly.getStackByName(stack.stackName).template as Record<string, unknown>);
    return { app, stack, template, dispose };
  } catch (error) {
    // A refused setting leaves no assembly behind either.
    dispose();
    throw error;
  }
};

/** Frozen through and through: a test that changed the shared template would change it for every file after it. */
const deepFreeze = (value: unknown): void => {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const inner of Object.values(value)) deepFreeze(inner);
};

let shared: { synthesized: Synthesized; validated: boolean } | undefined;

/**
 * The app as `cdk synth` builds it (cdk-nag and CloudFormation validation included), but without
 * bundling the handlers: the template is the same apart from the asset hashes, in a fraction of the time.
 *
 * The stack as deployed (no context of the test's own) is synthesized once for all the test files
 * a worker runs (they share their modules) and read by each; it is synthesized again only for a
 * file that wants CloudFormation's rules checked when the one at hand was not. Any other context
 * synthesizes anew, to be disposed of by its caller.
 */
export const synthesize = (context: Record<string, unknown> = {}, options: Options = {}): Synthesized => {
  if (Object.keys(context).length > 0 || options.env) return synthesizeAnew(context, options);
  const validated = options.cloudFormationValidation ?? true;
  if (!shared || (validated && !shared.validated)) {
    const synthesized = synthesizeAnew({}, { cloudFormationValidation: validated });
    // What the tests read (the template, the construct tree) is in memory: the assembly may go now.
    synthesized.dispose();
    deepFreeze(synthesized.template.toJSON());
    shared = { synthesized: { ...synthesized, dispose: () => {} }, validated };
  }
  return shared.synthesized;
};
