import { App, Stack } from 'aws-cdk-lib';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { StateGraph, type IChainable } from 'aws-cdk-lib/aws-stepfunctions';
import { STATE_MACHINES, type StateMachineKind } from '#domain/lifecycle/phases';
import { WORKFLOW_HANDLERS, type WorkflowFunctions, type WorkflowHandler } from './handlers.ts';
import { buildMachineChains, MACHINES } from './definitions.ts';

export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'us-east-1';
export const localFunctionArn = (handler: WorkflowHandler) =>
  `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:mentoring-${WORKFLOW_HANDLERS[handler]}`;
export const localStateMachineArn = (kind: StateMachineKind) => `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:mentoring-${kind}`;

type Template = unknown;

/**
 * Evaluates the few CloudFormation intrinsics a rendered definition contains, so a template's
 * DefinitionString and a local rendering can be compared as plain ASL. `getAtt` maps a
 * logical id to the value its Arn resolves to.
 */
export const evaluateIntrinsics = (
  value: Template,
  getAtt: (logicalId: string) => string = () => {
    throw new Error('no Fn::GetAtt expected');
  },
): unknown => {
  if (Array.isArray(value)) return value.map((v) => evaluateIntrinsics(v, getAtt));
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1) {
      const [[key, arg]] = entries as [[string, unknown]];
      if (key === 'Fn::Join') {
        const [separator, parts] = arg as [string, unknown[]];
        return parts.map((p) => evaluateIntrinsics(p, getAtt)).join(separator);
      }
      if (key === 'Ref') {
        const pseudo: Record<string, string> = {
          'AWS::Partition': 'aws',
          'AWS::Region': LOCAL_REGION,
          'AWS::AccountId': LOCAL_ACCOUNT,
          'AWS::URLSuffix': 'amazonaws.com',
        };
        if (pseudo[arg as string]) return pseudo[arg as string];
        throw new Error(`Cannot evaluate Ref ${String(arg)}`);
      }
      if (key === 'Fn::GetAtt') return getAtt((arg as string[])[0]!);
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, evaluateIntrinsics(v, getAtt)]));
  }
  return value;
};

/** The ASL of one chain as Step Functions would receive it. */
export const renderChain = (stack: Stack, chain: IChainable, kind: StateMachineKind): Record<string, unknown> => {
  const graph = new StateGraph(chain.startState, `${kind} definition`);
  graph.timeout = MACHINES[kind].timeout;
  const asl = JSON.parse(evaluateIntrinsics(stack.resolve(stack.toJsonString(graph.toGraphJson()))) as string) as Record<string, unknown>;
  // The console shows the Comment at the top of the definition, as the deployed machine has it.
  return { Comment: MACHINES[kind].description, ...asl };
};

/** Every lifecycle definition rendered from the same chain builders the stack deploys, calling local function ARNs. */
export const renderLocalDefinitions = (): Record<StateMachineKind, Record<string, unknown>> => {
  const stack = new Stack(new App(), 'LocalRendering', { env: { account: LOCAL_ACCOUNT, region: LOCAL_REGION } });
  const functions = Object.fromEntries(
    (Object.keys(WORKFLOW_HANDLERS) as WorkflowHandler[]).map((key) => [key, LambdaFunction.fromFunctionArn(stack, key, localFunctionArn(key))]),
  ) as WorkflowFunctions;
  const chains = buildMachineChains(stack, functions);
  return Object.fromEntries(STATE_MACHINES.map((kind) => [kind, renderChain(stack, chains[kind], kind)])) as Record<StateMachineKind, Record<string, unknown>>;
};
