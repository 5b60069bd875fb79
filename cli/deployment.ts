import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { STATE_MACHINES } from '#domain/lifecycle/phases';

/**
 * Where the CLI finds a program's resources: explicit settings in the environment (as the
 * local runtime sets them), or the outputs of the deployed stack.
 */
export const useDeployment = async (stackName: string): Promise<string> => {
  if (process.env.MENTORING_TABLE && process.env.STATE_MACHINE_ARNS) return 'the resources named in the environment';
  const client = new CloudFormationClient({});
  let outputs: Record<string, string>;
  try {
    const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    outputs = Object.fromEntries((Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
  } catch (error) {
    throw new Error(
      `Cannot read the outputs of stack ${stackName} (${(error as Error).name}: ${(error as Error).message}). Deploy it first, or check your AWS credentials and region.`,
      { cause: error },
    );
  }
  const missing = [
    'MentoringTableName',
    'ResponsesTableName',
    'ErasureKeySecretArn',
    'MailEventsDeadLettersUrl',
    ...STATE_MACHINES.map((k) => `${k}StateMachineArn`),
  ].filter((key) => !outputs[key]);
  if (missing.length)
    throw new Error(`Stack ${stackName} has no output ${missing.join(', ')}; is it this project's stack, deployed with this version (cdk deploy)?`);
  process.env.MENTORING_TABLE = outputs.MentoringTableName;
  process.env.RESPONSES_TABLE = outputs.ResponsesTableName;
  // Read by forget, readmit, enrol and every send: the key of the marks of forgotten addresses, and where failed mail events wait.
  process.env.ERASURE_KEY_SECRET_ARN = outputs.ErasureKeySecretArn;
  process.env.MAIL_EVENTS_DEAD_LETTERS_URL = outputs.MailEventsDeadLettersUrl;
  process.env.STATE_MACHINE_ARNS = JSON.stringify(Object.fromEntries(STATE_MACHINES.map((kind) => [kind, outputs[`${kind}StateMachineArn`]])));
  return `stack ${stackName}`;
};
