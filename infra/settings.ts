import type { Node } from 'constructs';

/** What an organisation chooses at deploy time, via `cdk.json` context or `cdk deploy -c key=value`. */
export interface ProgramSettings {
  /** Names every resource, so two programs can share an account. */
  prefix: string;
  /** The From address of every e-mail; its domain (or the address) must be verified in SES. */
  senderAddress: string;
  /** Who gets the alarms; without it the alarms only show in CloudWatch. */
  alarmEmail?: string;
  /** Create the SES domain identity for the sender's domain (default: the organisation verifies it itself). */
  createIdentity: boolean;
}

export const CONTEXT_KEYS = {
  prefix: 'mentoring:prefix',
  senderAddress: 'mentoring:senderAddress',
  alarmEmail: 'mentoring:alarmEmail',
  createIdentity: 'mentoring:createIdentity',
} as const;

// Deliberately simple: one @, no spaces, a dot in the domain. SES rejects the rest anyway.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// Table, function, state machine and alarm names all allow this; 40 leaves room for suffixes within Lambda's 64.
const PREFIX = /^[a-z][a-z0-9-]{0,39}$/;

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
  const prefix = text(node, CONTEXT_KEYS.prefix) ?? 'mentoring';
  if (!PREFIX.test(prefix))
    throw new SettingsError(`Context "${CONTEXT_KEYS.prefix}" must be 1-40 lower-case letters, digits or dashes, starting with a letter; got "${prefix}"`);

  const senderAddress = text(node, CONTEXT_KEYS.senderAddress) ?? 'mentoring@example.org';
  if (!EMAIL.test(senderAddress))
    throw new SettingsError(`Context "${CONTEXT_KEYS.senderAddress}" must be an e-mail address like mentoring@your-organisation.org; got "${senderAddress}"`);

  const alarmEmail = text(node, CONTEXT_KEYS.alarmEmail);
  if (alarmEmail !== undefined && !EMAIL.test(alarmEmail))
    throw new SettingsError(`Context "${CONTEXT_KEYS.alarmEmail}" must be an e-mail address or unset; got "${alarmEmail}"`);

  return { prefix, senderAddress, ...(alarmEmail ? { alarmEmail } : {}), createIdentity: flag(node, CONTEXT_KEYS.createIdentity) };
};
