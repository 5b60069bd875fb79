import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DEFAULT_PREFIX, stackNameOf } from '#domain/operator/deployment';
import { STATE_MACHINES } from '#domain/lifecycle/phases';

/** How a command that reaches AWS is told where: the AWS CLI's own options, and the program's stack. */
export interface DeploymentOptions {
  stack?: string;
  prefix?: string;
  profile?: string;
  region?: string;
}

/** The operator's AWS settings are missing or wrong: said in one line, with what to set. */
export class DeploymentError extends Error {
  override name = 'DeploymentError';
}

/** The stack a command uses: `--stack`, else MENTORING_STACK, else the one the program's prefix names (as `cdk deploy` does). */
export const stackOf = ({ stack, prefix }: DeploymentOptions, env: NodeJS.ProcessEnv = process.env): string =>
  stack ?? env.MENTORING_STACK ?? stackNameOf(prefix ?? env.MENTORING_PREFIX ?? DEFAULT_PREFIX);

/**
 * `--profile` and `--region` as the AWS CLI takes them, over AWS_PROFILE and AWS_REGION. The SDK
 * then finds the rest itself: the profile's region in ~/.aws/config, its credentials (keys, SSO,
 * a role to assume). It reads AWS_REGION only, so the AWS CLI's AWS_DEFAULT_REGION is passed on.
 */
const useAwsSettings = ({ profile, region }: DeploymentOptions): void => {
  if (profile) process.env.AWS_PROFILE = profile;
  if (region) process.env.AWS_REGION = region;
  else if (!process.env.AWS_REGION && process.env.AWS_DEFAULT_REGION) process.env.AWS_REGION = process.env.AWS_DEFAULT_REGION;
};

/** Region and credentials resolved up front, so a missing one is named instead of failing deep in a request. */
const checkAwsSettings = async (client: CloudFormationClient): Promise<string> => {
  const profile = process.env.AWS_PROFILE;
  let region: string;
  try {
    region = await client.config.region();
  } catch {
    throw new DeploymentError(
      `No AWS region: give --region, set AWS_REGION (or AWS_DEFAULT_REGION), or give ${profile ? `profile ${profile}` : 'your profile'} a region in ~/.aws/config.`,
    );
  }
  try {
    await client.config.credentials();
  } catch (error) {
    throw new DeploymentError(
      `No AWS credentials${profile ? ` for profile ${profile}` : ''} (${(error as Error).message}): give --profile or set AWS_PROFILE to a profile in ~/.aws/config (after "aws sso login" if it uses SSO), or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.`,
    );
  }
  return region;
};

/**
 * Where the CLI finds a program's resources: explicit settings in the environment (as the
 * local runtime sets them), or the outputs of the deployed stack.
 */
export const useDeployment = async (options: DeploymentOptions): Promise<string> => {
  if (process.env.MENTORING_TABLE && process.env.STATE_MACHINE_ARNS) return 'the resources named in the environment';
  const stackName = stackOf(options);
  useAwsSettings(options);
  const client = new CloudFormationClient({});
  const region = await checkAwsSettings(client);
  let outputs: Record<string, string>;
  try {
    const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    outputs = Object.fromEntries((Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
  } catch (error) {
    throw new DeploymentError(
      `Cannot read the outputs of stack ${stackName} in ${region} (${(error as Error).name}: ${(error as Error).message}). Deploy it first, or give the --stack, --prefix, --profile or --region it was deployed with.`,
    );
  } finally {
    client.destroy();
  }
  const missing = [
    'MentoringTableName',
    'ResponsesTableName',
    'ErasureKeySecretArn',
    'MailEventsDeadLettersUrl',
    ...STATE_MACHINES.map((k) => `${k}StateMachineArn`),
  ].filter((key) => !outputs[key]);
  if (missing.length)
    throw new DeploymentError(`Stack ${stackName} has no output ${missing.join(', ')}; is it this project's stack, deployed with this version (cdk deploy)?`);
  process.env.MENTORING_TABLE = outputs.MentoringTableName;
  process.env.RESPONSES_TABLE = outputs.ResponsesTableName;
  // Read by forget, readmit, enrol and every send: the key of the marks of forgotten addresses, and where failed mail events wait.
  process.env.ERASURE_KEY_SECRET_ARN = outputs.ErasureKeySecretArn;
  process.env.MAIL_EVENTS_DEAD_LETTERS_URL = outputs.MailEventsDeadLettersUrl;
  process.env.STATE_MACHINE_ARNS = JSON.stringify(Object.fromEntries(STATE_MACHINES.map((kind) => [kind, outputs[`${kind}StateMachineArn`]])));
  if (outputs.ResponseBaseUrl) process.env.RESPONSE_BASE_URL ??= outputs.ResponseBaseUrl;
  // resend writes as the program does; a stack deployed before these outputs cannot, and says so when it tries.
  if (outputs.MailFrom) process.env.MAIL_FROM = outputs.MailFrom;
  if (outputs.SesConfigurationSet) process.env.SES_CONFIGURATION_SET = outputs.SesConfigurationSet;
  // forget and resume publish what they end or resume; a stack deployed before the bus cannot, and says so when they try.
  if (outputs.EventBusName) process.env.EVENT_BUS_NAME = outputs.EventBusName;
  // report reads the bytes of the answer pages' access log; a stack deployed before this output reports the rest.
  if (outputs.AnswerPagesAccessLogGroup) process.env.ANSWER_ACCESS_LOG_GROUP = outputs.AnswerPagesAccessLogGroup;
  return `stack ${stackName} (${region})`;
};
