import * as z from 'zod';
import { STATE_MACHINES, type StateMachineKind } from '#domain/lifecycle/phases';

const arnsByStateMachine = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not JSON' });
      return z.NEVER;
    }
  })
  .pipe(z.object(Object.fromEntries(STATE_MACHINES.map((kind) => [kind, z.string().min(1)])) as Record<StateMachineKind, z.ZodString>));

/**
 * What a function reads from its environment. The stack sets each one a function uses and the
 * local runtime sets them all; one that is missing or malformed stops the function with its
 * name, never falls back to a default.
 */
const SETTINGS = {
  MENTORING_TABLE: z.string().min(1),
  RESPONSES_TABLE: z.string().min(1),
  MAIL_FROM: z.email(),
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
  /** Where answer links point, without a trailing slash. */
  RESPONSE_BASE_URL: z.url().transform((url) => url.replace(/\/$/, '')),
  STATE_MACHINE_ARNS: arnsByStateMachine,
  /** The Secrets Manager secret that keys the marks of forgotten addresses (see erasure-key.ts). */
  ERASURE_KEY_SECRET_ARN: z.string().startsWith('arn:').optional(),
  /** The program's own EventBridge bus, for the functions that publish relationship events. */
  EVENT_BUS_NAME: z.string().min(1),
  /** Only for the CLI's program report: the answer pages' access log group, whose bytes it reads (a stack deployed before it was named has none). */
  ANSWER_ACCESS_LOG_GROUP: z.string().min(1).optional(),
  /** Only for the CLI against a stack: the mail-events dead-letter queue that `forget` clears of the person's events. */
  MAIL_EVENTS_DEAD_LETTERS_URL: z.url().optional(),
  // Only locally: the loopback services to talk to instead of AWS, and the erasure key itself.
  ERASURE_KEY: z.string().min(32).optional(),
  DYNAMODB_ENDPOINT: z.url().optional(),
  SES_ENDPOINT: z.url().optional(),
  STEPFUNCTIONS_ENDPOINT: z.url().optional(),
  EVENTBRIDGE_ENDPOINT: z.url().optional(),
  /** The local runtime's meter, answering CloudWatch's GetMetricData as the service does. */
  CLOUDWATCH_ENDPOINT: z.url().optional(),
} as const;
type Settings = typeof SETTINGS;
export type SettingName = keyof Settings;

export class EnvironmentError extends Error {
  override name = 'EnvironmentError';
}

// The local runtime sets new values for each run: a value is read again when it changed.
const read = new Map<SettingName, { raw: string | undefined; value: unknown }>();

/** One setting, checked the first time it is read (and again if the environment changed it). */
export const setting = <K extends SettingName>(name: K): z.output<Settings[K]> => {
  const raw = process.env[name];
  const known = read.get(name);
  if (known && known.raw === raw) return known.value as z.output<Settings[K]>;
  const parsed = SETTINGS[name].safeParse(raw);
  if (!parsed.success) {
    throw new EnvironmentError(`${name} ${raw === undefined ? 'is not set' : `is not valid: ${parsed.error.issues.map((i) => i.message).join('; ')}`}`);
  }
  read.set(name, { raw, value: parsed.data });
  return parsed.data as z.output<Settings[K]>;
};

export const stateMachineArns = (): Record<StateMachineKind, string> => setting('STATE_MACHINE_ARNS');
