import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, type CfnTable } from 'aws-cdk-lib/aws-dynamodb';
import { CfnSecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { MENTORING_TABLE, RESPONSES_TABLE } from '#adapters/store/tables';
import { Mail } from './mail.ts';

export interface ProgramData {
  table: Table;
  responsesTable: Table;
  mail: Mail;
  /** Keys the marks `forget` leaves of an address (functions/platform/erasure-key.ts). */
  erasureKey: Secret;
}

/**
 * What holds data: the relationships live in the tables for a year or more, the sender's
 * identity and configuration set carry its reputation, and the erasure key keeps the marks of
 * forgotten people meaningful. A deploy or a stack deletion never
 * replaces or takes them; everything else in the program can be replaced at any deploy.
 */
export const createProgramData = (
  scope: Construct,
  props: { prefix: string; senderAddress: string; createIdentity: boolean; mailFromDomain?: string; dmarcReportAddress?: string },
): ProgramData => {
  const { prefix } = props;
  const tableBasics = {
    billingMode: BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
  };
  const table = new Table(scope, 'Table', {
    ...tableBasics,
    tableName: prefix,
    partitionKey: { name: MENTORING_TABLE.partitionKey, type: AttributeType.STRING },
    sortKey: { name: MENTORING_TABLE.sortKey, type: AttributeType.STRING },
  });
  table.addGlobalSecondaryIndex({
    indexName: MENTORING_TABLE.byOwnerIndex.name,
    partitionKey: { name: MENTORING_TABLE.byOwnerIndex.partitionKey, type: AttributeType.STRING },
    sortKey: { name: MENTORING_TABLE.byOwnerIndex.sortKey, type: AttributeType.STRING },
  });
  const responsesTable = new Table(scope, 'ResponsesTable', {
    ...tableBasics,
    tableName: `${prefix}-responses`,
    partitionKey: { name: RESPONSES_TABLE.partitionKey, type: AttributeType.STRING },
    timeToLiveAttribute: RESPONSES_TABLE.timeToLiveAttribute,
  });
  // Fixed logical ids: moving the construct must not make CloudFormation replace a table.
  (table.node.defaultChild as CfnTable).overrideLogicalId('MentoringTable');
  (responsesTable.node.defaultChild as CfnTable).overrideLogicalId('ResponsesTable');

  const mail = new Mail(scope, 'Mail', {
    prefix,
    senderAddress: props.senderAddress,
    createIdentity: props.createIdentity,
    ...(props.mailFromDomain ? { mailFromDomain: props.mailFromDomain } : {}),
    ...(props.dmarcReportAddress ? { dmarcReportAddress: props.dmarcReportAddress } : {}),
  });
  // Generated once, by Secrets Manager, and never shown to anyone; a new value would orphan every mark.
  const erasureKey = new Secret(scope, 'ErasureKey', {
    secretName: `${prefix}-erasure-key`,
    description: `Mentoring program ${prefix}: keys the marks of forgotten addresses. Never rotate or replace it: every mark would stop matching.`,
    generateSecretString: { passwordLength: 64, excludePunctuation: true },
    removalPolicy: RemovalPolicy.RETAIN,
  });
  (erasureKey.node.defaultChild as CfnSecret).overrideLogicalId('ErasureKeySecret');
  Validations.of(erasureKey).acknowledge({
    id: 'AwsSolutions-SMG4',
    reason:
      'The key of the marks of forgotten addresses: a mark is an HMAC of the address under it, checked by enrolment and every send. A rotated key would orphan every mark, and forgotten people would be enrolled and written to again.',
  });
  return { table, responsesTable, mail, erasureKey };
};
