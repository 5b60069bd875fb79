import { ArnFormat, CfnOutput, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { ManagedPolicy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { MENTORING_TABLE } from '#adapters/store/tables';
import { STATE_MACHINES, type StateMachineKind } from '#domain/lifecycle/phases';

export interface OperatorPolicyProps {
  prefix: string;
  tables: { mentoring: ITable; responses: ITable };
  machineArn: (kind: StateMachineKind) => string;
}

/** One statement of the operators' policy: its name in the IAM console, what the CLI does, on which of this program's resources. */
type OperatorGrant = [sid: string, actions: string[], resources: string[]];

/**
 * The managed policy for the people who run the `mentoring` CLI against this program: attach it
 * to their group or role. Each statement is one line of `grants` below, scoped to this program's
 * stack, tables and state machines; a command that needs a new action adds its line there (or,
 * for a resource made elsewhere in the program, calls `allow`).
 */
export class OperatorPolicy extends Construct {
  readonly policy: ManagedPolicy;

  constructor(scope: Construct, id: string, { prefix, tables, machineArn }: OperatorPolicyProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const machines = STATE_MACHINES.map(machineArn);
    const executions = STATE_MACHINES.map((kind) =>
      stack.formatArn({ service: 'states', resource: 'execution', resourceName: `${prefix}-${kind}:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
    );
    const dynamoDb = (...actions: string[]) => actions.map((action) => `dynamodb:${action}`);
    const grants: OperatorGrant[] = [
      // Every command finds the tables and state machines in the stack's outputs.
      [
        'ReadStackOutputs',
        ['cloudformation:DescribeStacks'],
        [stack.formatArn({ service: 'cloudformation', resource: 'stack', resourceName: `${stack.stackName}/*`, arnFormat: ArnFormat.SLASH_RESOURCE_NAME })],
      ],
      // enrol stores programs, people and relationships (a transaction is authorised by its items' PutItem: there is no TransactWriteItems
      // action); pause, resume, conclude and forget read and change them; smoke-test removes what it made.
      [
        'ProgramItems',
        dynamoDb('GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem'),
        [tables.mentoring.tableArn, `${tables.mentoring.tableArn}/index/${MENTORING_TABLE.byOwnerIndex.name}`],
      ],
      // forget and smoke-test find a relationship's questions and links (the table is keyed by them alone) and delete them.
      ['QuestionsAndLinks', dynamoDb('GetItem', 'Scan', 'UpdateItem', 'DeleteItem', 'BatchWriteItem'), [tables.responses.tableArn]],
      // enrol starts matchings, conclude a conclusion, resume the stopped meetings; resume hands the waiting pause its answer.
      ['StartRuns', ['states:StartExecution', 'states:SendTaskSuccess'], machines],
      // pause, conclude, forget and smoke-test stop and look at this program's runs.
      ['StopRuns', ['states:StopExecution', 'states:DescribeExecution'], executions],
      // timeline and redrive list a relationship's runs; redrive runs the failed ones again.
      ['ListRuns', ['states:ListExecutions'], machines],
      ['RedriveRuns', ['states:RedriveExecution'], executions],
      // report reads what the program used; GetMetricData is authorised on every metric or none (IAM has no resource for it).
      ['ReadUsageMetrics', ['cloudwatch:GetMetricData'], ['*']],
    ];
    this.policy = new ManagedPolicy(this, 'Policy', {
      managedPolicyName: `${prefix}-operator`,
      description: `Runs the mentoring CLI against program ${prefix}: its stack outputs, tables and state machines, nothing else`,
      statements: grants.map(([sid, actions, resources]) => new PolicyStatement({ sid, actions, resources })),
    });
    new CfnOutput(stack, 'OperatorPolicyArn', {
      description: 'Attach this managed policy to the people (group or role) who run the mentoring CLI',
      value: this.policy.managedPolicyArn,
    });
    this.acknowledge(prefix);
  }

  /** One more statement, for a resource made elsewhere in the program: `operatorPolicy.allow('ReadErasureKey', ['secretsmanager:GetSecretValue'], [secret.secretArn])`. */
  allow(sid: string, actions: string[], resources: string[]): void {
    this.policy.addStatements(new PolicyStatement({ sid, actions, resources }));
  }

  /** A statement made elsewhere (sending as the program's sender), with the findings it answers. */
  allowStatement(statement: PolicyStatement, ...acknowledged: { id: string; reason: string }[]): void {
    this.policy.addStatements(statement);
    for (const finding of acknowledged) Validations.of(this.policy).acknowledge(finding);
  }

  private acknowledge(prefix: string): void {
    const stack = Stack.of(this);
    Validations.of(this.policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:cloudformation:<AWS::Region>:<AWS::AccountId>:stack/${stack.stackName}/*]`,
      reason: "A stack's ARN ends in an id CloudFormation makes at creation: the wildcard stands for that id of this one stack name.",
    });
    Validations.of(this.policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        "cloudwatch:GetMetricData takes no resource: reading metrics is allowed on all or none. It reads figures only (the report reads this program's), never logs or data.",
    });
    for (const kind of STATE_MACHINES)
      Validations.of(this.policy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${prefix}-${kind}:*]`,
        reason: `Stop and describe runs of this program's own ${kind} machine: which relationship's run is known only when the command runs, and execution ARNs are per name.`,
      });
  }
}
