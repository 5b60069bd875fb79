import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { MentoringStack } from './mentoring-stack.ts';
import { readSettings } from './settings.ts';

/** Everything `cdk synth` builds, in one place so the tests check exactly what gets deployed. */
export const configureApp = (app: App, env: NodeJS.ProcessEnv = process.env): MentoringStack => {
  const settings = readSettings(app.node);
  // Named by the program, so each program in an account is a stack of its own.
  const stack = new MentoringStack(app, settings.stackName, {
    description: `Mentoring program "${settings.prefix}": lifecycle state machines, handlers, answer pages, e-mail`,
    // Without credentials (CI, a first synth) the stack stays environment-agnostic.
    ...(env.CDK_DEFAULT_ACCOUNT && env.CDK_DEFAULT_REGION ? { env: { account: env.CDK_DEFAULT_ACCOUNT, region: env.CDK_DEFAULT_REGION } } : {}),
    settings,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stack;
};
