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
  /** Removes the cloud assembly written to a temporary directory. */
  dispose(): void;
}

/**
 * The app as `cdk synth` builds it (cdk-nag and CloudFormation validation included), but without
 * bundling the handlers: the template is the same apart from the asset hashes, in a fraction of the time.
 */
export const synthesize = (
  context: Record<string, unknown> = {},
  { cloudFormationValidation = true, env }: { cloudFormationValidation?: boolean; env?: { account: string; region: string } } = {},
): Synthesized => {
  const outdir = mkdtempSync(join(tmpdir(), 'mentoring-cdk-'));
  const app = new App({
    // cdk.json names no alarm address (a deploy must): the tests give the one an organisation would.
    context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], [TEST_ALARM_KEY]: TEST_ALARM_EMAIL, ...context },
    outdir,
    // Its rule engine takes seconds to start; tests about something else may skip it.
    builtinCloudFormationValidation: cloudFormationValidation,
  });
  const stack = configureApp(app, env ? { CDK_DEFAULT_ACCOUNT: env.account, CDK_DEFAULT_REGION: env.region } : {});
  const assembly = app.synth();
  return {
    app,
    stack,
    template: Template.fromJSON(assembly.getStackByName(stack.stackName).template as Record<string, unknown>),
    dispose: () => rmSync(outdir, { recursive: true, force: true }),
  };
};
