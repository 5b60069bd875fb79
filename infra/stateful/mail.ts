import { ArnFormat, CfnOutput, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, type IRole } from 'aws-cdk-lib/aws-iam';
import {
  CloudWatchDimensionSource,
  ConfigurationSet,
  ConfigurationSetTlsPolicy,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
  MailFromBehaviorOnMxFailure,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface MailProps {
  prefix: string;
  senderAddress: string;
  /** Create the domain identity of the sender; otherwise the organisation verifies it in SES itself. */
  createIdentity: boolean;
  /** The custom MAIL FROM domain (default `mail.<sender's domain>`): SPF is checked against it, and bounces come back to it. */
  mailFromDomain?: string;
  /** The `rua` of the suggested DMARC record; without it the record asks for no reports. */
  dmarcReportAddress?: string;
}

/** What the domain's DNS must publish, each as `name TYPE value`: the README's DNS steps read these outputs. */
export const dnsRecords = ({
  domain,
  mailFromDomain,
  region,
  dmarcReportAddress,
}: {
  domain: string;
  mailFromDomain: string;
  region: string;
  dmarcReportAddress?: string;
}) => ({
  // Bounces to the MAIL FROM domain reach SES's feedback endpoint in the sending region.
  MailFromMxRecord: `${mailFromDomain} MX 10 feedback-smtp.${region}.amazonses.com`,
  MailFromSpfRecord: `${mailFromDomain} TXT "v=spf1 include:amazonses.com ~all"`,
  // A starting point that only reports: tighten to p=quarantine, then p=reject, once the reports show only SES sending.
  DmarcRecord: `_dmarc.${domain} TXT "v=DMARC1; p=none${dmarcReportAddress ? `; rua=mailto:${dmarcReportAddress}` : ''}"`,
});

/** SES metrics are reported per configuration set under this auto-tag dimension. */
const CONFIGURATION_SET_DIMENSION = 'ses:configuration-set';

/**
 * Sending e-mail: a configuration set that keeps the account's reputation visible, suppresses
 * addresses that bounced or complained and tells the program of each (mail-events.ts), and the
 * grant to send as the sender.
 */
export class Mail extends Construct {
  readonly configurationSet: ConfigurationSet;
  readonly configurationSetName: string;
  readonly senderAddress: string;

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    this.senderAddress = props.senderAddress;
    this.configurationSetName = props.prefix;
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: this.configurationSetName,
      reputationMetrics: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
      sendingEnabled: true,
    });
    // CloudWatch: the numbers to watch.
    this.configurationSet.addEventDestination('ToCloudWatch', {
      destination: EventDestination.cloudWatchDimensions([
        { name: CONFIGURATION_SET_DIMENSION, source: CloudWatchDimensionSource.MESSAGE_TAG, defaultValue: this.configurationSetName },
      ]),
      events: [EmailSendingEvent.SEND, EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT, EmailSendingEvent.REJECT, EmailSendingEvent.DELIVERY_DELAY],
    });
    // EventBridge (SES publishes to the default bus only): each bounce or complaint names a person whose coordinator must hear of it.
    this.configurationSet.addEventDestination('ToEventBridge', {
      destination: EventDestination.eventBus(EventBus.fromEventBusName(this, 'DefaultEventBus', 'default')),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });

    const domain = props.senderAddress.split('@')[1]!.toLowerCase();
    const mailFromDomain = props.mailFromDomain ?? `mail.${domain}`;
    const records = dnsRecords({
      domain,
      mailFromDomain,
      region: Stack.of(this).region,
      ...(props.dmarcReportAddress ? { dmarcReportAddress: props.dmarcReportAddress } : {}),
    });
    const descriptions: Record<keyof typeof records, string> = {
      MailFromMxRecord: `MX record of the custom MAIL FROM domain ${mailFromDomain}, where bounces come back`,
      MailFromSpfRecord: `SPF (TXT) record of the custom MAIL FROM domain ${mailFromDomain}`,
      DmarcRecord: `DMARC (TXT) record for ${domain}: reports only; tighten after the pilot`,
    };
    new CfnOutput(this, 'MailFromDomain', { description: 'The custom MAIL FROM domain of the sender', value: mailFromDomain }).overrideLogicalId(
      'MailFromDomain',
    );
    for (const [name, value] of Object.entries(records))
      new CfnOutput(this, name, { description: descriptions[name as keyof typeof records], value }).overrideLogicalId(name);

    if (props.createIdentity) {
      const identity = new EmailIdentity(this, 'Identity', {
        identity: Identity.domain(domain),
        configurationSet: this.configurationSet,
        mailFromDomain,
        // Until the MX record is published, send from amazonses.com rather than not at all.
        mailFromBehaviorOnMxFailure: MailFromBehaviorOnMxFailure.USE_DEFAULT_VALUE,
      });
      // Easy DKIM: the three CNAME records to publish in the domain's DNS.
      identity.dkimRecords.forEach((record, index) => {
        new CfnOutput(this, `DkimRecord${index + 1}`, {
          description: `DKIM CNAME ${index + 1} to publish for ${domain}`,
          value: `${record.name} CNAME ${record.value}`,
        }).overrideLogicalId(`DkimRecord${index + 1}`);
      });
    }
  }

  /** Sending as the sender through this configuration set, and nothing else in SES. */
  sendStatement(sid?: string): PolicyStatement {
    const stack = Stack.of(this);
    return new PolicyStatement({
      ...(sid ? { sid } : {}),
      actions: ['ses:SendEmail', 'ses:SendRawEmail'],
      resources: [
        stack.formatArn({ service: 'ses', resource: 'identity', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME }),
        stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: this.configurationSetName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME }),
      ],
      conditions: { StringEquals: { 'ses:FromAddress': this.senderAddress } },
    });
  }

  /** Why the identity is a wildcard, said once for each role or policy that sends. */
  static readonly IDENTITY_WILDCARD = {
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/*]',
    reason:
      'SES authorises a send against every identity involved; in the SES sandbox that includes each verified recipient, so the identity is a wildcard. The ses:FromAddress condition limits sending to the configured sender address.',
  };

  /** Lets a function's role send as the sender through this configuration set, and nothing else in SES. */
  grantSend(role: IRole): void {
    role.addToPrincipalPolicy(this.sendStatement());
    Validations.of(role).acknowledge(Mail.IDENTITY_WILDCARD);
  }

  /** Messages sent through this configuration set. */
  metricSent(): Metric {
    return this.eventMetric('Send');
  }

  metricBounces(): Metric {
    return this.eventMetric('Bounce');
  }

  private eventMetric(metricName: string): Metric {
    return new Metric({
      namespace: 'AWS/SES',
      metricName,
      dimensionsMap: { [CONFIGURATION_SET_DIMENSION]: this.configurationSetName },
      statistic: 'Sum',
      period: Duration.hours(1),
    });
  }
}

/** Account-wide reputation: SES reviews the account at 5 % bounces or 0.1 % complaints, whatever sent them. */
export const accountReputation = {
  bounceRate: new Metric({ namespace: 'AWS/SES', metricName: 'Reputation.BounceRate', statistic: 'Maximum', period: Duration.hours(1) }),
  complaintRate: new Metric({ namespace: 'AWS/SES', metricName: 'Reputation.ComplaintRate', statistic: 'Maximum', period: Duration.hours(1) }),
};
