import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { STATE_MACHINES } from '#domain/lifecycle/phases';
import { MentoringProgram } from './mentoring-program.ts';
import type { ProgramSettings } from './settings.ts';

export interface MentoringStackProps extends StackProps {
  settings: ProgramSettings;
}

/** The deployable unit: one program and the values an operator needs after `cdk deploy`. */
export class MentoringStack extends Stack {
  readonly program: MentoringProgram;

  constructor(scope: Construct, id: string, props: MentoringStackProps) {
    super(scope, id, props);
    const { settings } = props;
    this.program = new MentoringProgram(this, 'Program', {
      prefix: settings.prefix,
      senderAddress: settings.senderAddress,
      ...(settings.alarmEmail ? { alarmEmail: settings.alarmEmail } : {}),
      createIdentity: settings.createIdentity,
      answerEdge: settings.answerEdge,
      mailFromDomain: settings.mailFromDomain,
      ...(settings.dmarcReportAddress ? { dmarcReportAddress: settings.dmarcReportAddress } : {}),
    });

    new CfnOutput(this, 'ResponseBaseUrl', { description: 'Base URL of the answer links (RESPONSE_BASE_URL)', value: this.program.responseBaseUrl });
    for (const kind of STATE_MACHINES) {
      new CfnOutput(this, `${kind}StateMachineArn`, {
        description: `The ${kind} phase state machine`,
        value: this.program.stateMachines[kind].stateMachineArn,
      });
    }
    new CfnOutput(this, 'MentoringTableName', { value: this.program.table.tableName });
    new CfnOutput(this, 'ResponsesTableName', { value: this.program.responsesTable.tableName });
    // The CLI's forget, readmit and enrol check and write marks of forgotten addresses, and forget clears their failed mail events.
    new CfnOutput(this, 'ErasureKeySecretArn', { description: 'The key of the marks of forgotten addresses', value: this.program.erasureKey.secretArn });
    // resend writes as the program's sender, through its configuration set.
    new CfnOutput(this, 'MailFrom', { description: 'The sender address (MAIL_FROM)', value: this.program.mail.senderAddress });
    new CfnOutput(this, 'SesConfigurationSet', { description: 'The SES configuration set mail goes through', value: this.program.mail.configurationSetName });
    // Where an organisation attaches its own rules, and what each event kind looks like.
    new CfnOutput(this, 'EventBusName', { description: 'The bus the relationship events go out on', value: this.program.events.bus.eventBusName });
    new CfnOutput(this, 'EventBusArn', { value: this.program.events.bus.eventBusArn });
    new CfnOutput(this, 'EventSchemaRegistry', {
      description: 'The JSON Schema of every event kind and version',
      value: this.program.events.registry.attrRegistryName,
    });
    new CfnOutput(this, 'MailEventsDeadLettersUrl', {
      description: 'Bounces and complaints that could not be recorded',
      value: this.program.mailEvents.deadLetters.queueUrl,
    });
  }
}
