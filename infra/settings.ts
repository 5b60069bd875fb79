import type { Node } from 'constructs';
import { DEFAULT_PREFIX, stackNameOf } from '#domain/operator/deployment';

/** What an organisation chooses at deploy time, via `cdk.json` context or `cdk deploy -c key=value`. */
export interface ProgramSettings {
  /** Names every resource, so two programs can share an account. */
  prefix: string;
  /** The From address of every e-mail; its domain (or the address) must be verified in SES. */
  senderAddress: string;
  /** Who gets the alarms; absent only when the operator said `none` (they watch CloudWatch themselves). */
  alarmEmail?: string;
  /** Create the SES domain identity for the sender's domain (default: the organisation verifies it itself). */
  createIdentity: boolean;
  /** Where the answer pages are served and how they are guarded. */
  answerEdge: AnswerEdgeSettings;
  /** The CloudFormation stack: from the prefix (`stackNameOf`) unless named. */
  stackName: string;
  /** The custom MAIL FROM domain, a subdomain of the sender's: SPF and bounces are checked against it. */
  mailFromDomain: string;
  /** Where DMARC aggregate reports go (the `rua` of the suggested record): this address, else the alarm address. */
  dmarcReportAddress?: string;
}

export const CONTEXT_KEYS = {
  prefix: 'mentoring:prefix',
  senderAddress: 'mentoring:senderAddress',
  alarmEmail: 'mentoring:alarmEmail',
  createIdentity: 'mentoring:createIdentity',
  stackName: 'mentoring:stackName',
  mailFromDomain: 'mentoring:mailFromDomain',
  dmarcReportAddress: 'mentoring:dmarcReportAddress',
} as const;

/** The alarm address that says "nobody by e-mail": the operator watches CloudWatch themselves. */
export const NO_ALARM_EMAIL = 'none';

// Deliberately simple: one @, no spaces, a dot in the domain. SES rejects the rest anyway.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// Table, function, state machine and alarm names all allow this; 40 leaves room for suffixes within Lambda's 64.
const PREFIX = /^[a-z][a-z0-9-]{0,39}$/;
// CloudFormation's rule for stack names.
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export class SettingsError extends Error {
  override name = 'SettingsError';
}

const text = (node: Node, key: string): string | undefined => {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new SettingsError(`Context "${key}" must be a string, got ${JSON.stringify(value)}`);
  return value.trim();
};

const flag = (node: Node, key: string): boolean => {
  const value: unknown = node.tryGetContext(key);
  // `-c key=true` arrives as a string.
  if (value === undefined || value === null || value === false || value === 'false') return false;
  if (value === true || value === 'true') return true;
  throw new SettingsError(`Context "${key}" must be true or false, got ${JSON.stringify(value)}`);
};

/** Reads and checks the settings; every error names the context key to fix. */
export const readSettings = (node: Node): ProgramSettings => {
  const prefix = text(node, CONTEXT_KEYS.prefix) ?? DEFAULT_PREFIX;
  if (!PREFIX.test(prefix))
    throw new SettingsError(`Context "${CONTEXT_KEYS.prefix}" must be 1-40 lower-case letters, digits or dashes, starting with a letter; got "${prefix}"`);

  const senderAddress = text(node, CONTEXT_KEYS.senderAddress) ?? 'mentoring@example.org';
  if (!EMAIL.test(senderAddress))
    throw new SettingsError(`Context "${CONTEXT_KEYS.senderAddress}" must be an e-mail address like mentoring@your-organisation.org; got "${senderAddress}"`);

  // Alarms nobody receives are no alarms: not having any must be said out loud.
  const alarmSetting = text(node, CONTEXT_KEYS.alarmEmail);
  if (alarmSetting === undefined)
    throw new SettingsError(
      `Context "${CONTEXT_KEYS.alarmEmail}" is not set: give the address that gets the alarms (-c ${CONTEXT_KEYS.alarmEmail}=ops@your-organisation.org), or -c ${CONTEXT_KEYS.alarmEmail}=${NO_ALARM_EMAIL} if you watch CloudWatch yourself`,
    );
  const alarmEmail = alarmSetting.toLowerCase() === NO_ALARM_EMAIL ? undefined : alarmSetting;
  if (alarmEmail !== undefined && !EMAIL.test(alarmEmail))
    throw new SettingsError(`Context "${CONTEXT_KEYS.alarmEmail}" must be an e-mail address or "${NO_ALARM_EMAIL}"; got "${alarmEmail}"`);

  const stackName = text(node, CONTEXT_KEYS.stackName) ?? stackNameOf(prefix);
  if (!STACK_NAME.test(stackName))
    throw new SettingsError(
      `Context "${CONTEXT_KEYS.stackName}" must be a CloudFormation stack name (letters, digits, dashes, starting with a letter); got "${stackName}"`,
    );

  const senderDomain = senderAddress.split('@')[1]!.toLowerCase();
  const mailFromDomain = (text(node, CONTEXT_KEYS.mailFromDomain) ?? `mail.${senderDomain}`).toLowerCase();
  if (!DOMAIN.test(mailFromDomain) || !mailFromDomain.endsWith(`.${senderDomain}`))
    throw new SettingsError(
      `Context "${CONTEXT_KEYS.mailFromDomain}" must be a subdomain of ${senderDomain}, such as mail.${senderDomain}; got "${mailFromDomain}"`,
    );

  const dmarcReportAddress = text(node, CONTEXT_KEYS.dmarcReportAddress) ?? alarmEmail;
  if (dmarcReportAddress !== undefined && !EMAIL.test(dmarcReportAddress))
    throw new SettingsError(`Context "${CONTEXT_KEYS.dmarcReportAddress}" must be an e-mail address; got "${dmarcReportAddress}"`);

  return {
    prefix,
    senderAddress,
    ...(alarmEmail ? { alarmEmail } : {}),
    createIdentity: flag(node, CONTEXT_KEYS.createIdentity),
    stackName,
    mailFromDomain,
    ...(dmarcReportAddress ? { dmarcReportAddress } : {}),
    answerEdge: readAnswerEdge(node),
  };
};

/** Where the answer pages are served and how they are guarded (answer-pages.ts). */
export interface AnswerEdgeSettings {
  /** Requests one address may make in five minutes before the firewall answers 429. */
  rateLimit: number;
  /** The organisation's own name for the answer links; without it they point at the REST API's own address. */
  domain?: { name: string; certificateArn: string; zone?: { id: string; name: string } };
  /** Drop the HTTP API that links sent before the REST API point at: only once the last of them has closed. */
  retireLegacyApi: boolean;
}

export const ANSWER_EDGE_KEYS = {
  rateLimit: 'mentoring:answerRateLimit',
  domain: 'mentoring:answerDomain',
  certificateArn: 'mentoring:answerCertificateArn',
  hostedZoneId: 'mentoring:hostedZoneId',
  hostedZoneName: 'mentoring:hostedZoneName',
  retireLegacyApi: 'mentoring:retireLegacyAnswerApi',
} as const;

/** Why 5,000 in five minutes: see createFirewall in answer-pages.ts, and the README on the answer links. */
export const DEFAULT_ANSWER_RATE_LIMIT = 5000;
// What AWS WAF's rate-based rules accept.
const RATE_LIMIT_RANGE = [10, 2_000_000_000] as const;
// Lower-case labels of letters, digits and dashes, at least one dot: a name DNS and ACM both take.
const HOST_NAME = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/;
const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,31}$/;

const wholeNumber = (node: Node, key: string): number | undefined => {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  // `-c key=5000` arrives as a string.
  const number = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number)) throw new SettingsError(`Context "${key}" must be a whole number, got ${JSON.stringify(value)}`);
  return number;
};

/** Reads and checks where the answer pages are served; every error names the context key to fix, on one line. */
export const readAnswerEdge = (node: Node): AnswerEdgeSettings => {
  const rateLimit = wholeNumber(node, ANSWER_EDGE_KEYS.rateLimit) ?? DEFAULT_ANSWER_RATE_LIMIT;
  if (rateLimit < RATE_LIMIT_RANGE[0] || rateLimit > RATE_LIMIT_RANGE[1])
    throw new SettingsError(
      `Context "${ANSWER_EDGE_KEYS.rateLimit}" must be between 10 and 2,000,000,000 requests per address in five minutes; got ${rateLimit}`,
    );

  const name = text(node, ANSWER_EDGE_KEYS.domain)?.toLowerCase().replace(/\.$/, '');
  const certificateArn = text(node, ANSWER_EDGE_KEYS.certificateArn);
  const zoneId = text(node, ANSWER_EDGE_KEYS.hostedZoneId);
  const zoneName = text(node, ANSWER_EDGE_KEYS.hostedZoneName)?.toLowerCase().replace(/\.$/, '');
  if (name !== undefined && !HOST_NAME.test(name))
    throw new SettingsError(`Context "${ANSWER_EDGE_KEYS.domain}" must be a host name like answers.your-organisation.org; got "${name}"`);
  if (name && !certificateArn)
    throw new SettingsError(
      `Context "${ANSWER_EDGE_KEYS.certificateArn}" must be set with "${ANSWER_EDGE_KEYS.domain}": the ARN of an ACM certificate for ${name} in the stack's region`,
    );
  if (certificateArn && !name) throw new SettingsError(`Context "${ANSWER_EDGE_KEYS.certificateArn}" needs "${ANSWER_EDGE_KEYS.domain}", the name it is for`);
  if (certificateArn && !CERTIFICATE_ARN.test(certificateArn))
    throw new SettingsError(
      `Context "${ANSWER_EDGE_KEYS.certificateArn}" must be an ACM certificate ARN (arn:aws:acm:REGION:ACCOUNT:certificate/ID); got "${certificateArn}"`,
    );
  if (!zoneId !== !zoneName)
    throw new SettingsError(
      `Context "${zoneId ? ANSWER_EDGE_KEYS.hostedZoneName : ANSWER_EDGE_KEYS.hostedZoneId}" must be set too: the alias record needs the zone's id and name`,
    );
  if (zoneId && !name) throw new SettingsError(`Context "${ANSWER_EDGE_KEYS.hostedZoneId}" needs "${ANSWER_EDGE_KEYS.domain}", the name to create in the zone`);
  if (zoneId && !HOSTED_ZONE_ID.test(zoneId))
    throw new SettingsError(`Context "${ANSWER_EDGE_KEYS.hostedZoneId}" must be a Route 53 hosted zone id like Z0123456789ABCDEFGHIJ; got "${zoneId}"`);
  if (zoneName && name && name !== zoneName && !name.endsWith(`.${zoneName}`))
    throw new SettingsError(`Context "${ANSWER_EDGE_KEYS.hostedZoneName}" must be the zone ${name} is in; got "${zoneName}"`);

  return {
    rateLimit,
    ...(name && certificateArn ? { domain: { name, certificateArn, ...(zoneId && zoneName ? { zone: { id: zoneId, name: zoneName } } : {}) } } : {}),
    retireLegacyApi: flag(node, ANSWER_EDGE_KEYS.retireLegacyApi),
  };
};
