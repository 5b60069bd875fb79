import type { Node } from 'constructs';
import { DEFAULT_PREFIX, stackNameOf } from '#domain/deployment';

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
  };
};
