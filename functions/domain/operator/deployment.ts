/** The prefix a program gets when none is given: the first deployment's, whose stack is `Mentoring`. */
export const DEFAULT_PREFIX = 'mentoring';

/**
 * The CloudFormation stack of a program: `Mentoring` for the default prefix, so deployments
 * made before programs had their own stacks keep theirs; `Mentoring-<prefix>` for any other,
 * so a second program in the same account gets a stack of its own instead of replacing the first.
 */
export const stackNameOf = (prefix: string): string => (prefix === DEFAULT_PREFIX ? 'Mentoring' : `Mentoring-${prefix}`);

/** Every function's memory: Lambda bills each invocation's duration at this size (GB-seconds). */
export const FUNCTION_MEMORY_MB = 512;

/** The answer pages' REST API stage: the path the answer links start with. */
export const ANSWER_STAGE = 'answers';

/**
 * The entry file under functions/ of every function a program's stack deploys, each named
 * `<prefix>-<file>`: the workflow steps, the answer pages, mail events, the daily checks and the digests. The
 * program report reads their usage by these names (an infrastructure test holds the stack to them).
 */
export const DEPLOYED_FUNCTIONS = [
  'ask-participants',
  'record-answer',
  'plan-phase',
  'plan-next-step',
  'send-meeting-invitation',
  'send-letters',
  'start-next-phase',
  'close-relationship',
  'end-without-blame',
  'plan-pause',
  'resume-relationship',
  'act-for-coordinator',
  'respond',
  'record-mail-event',
  'run-daily-checks',
  'send-digests',
] as const;

/** Where the program's own metrics go: the daily checks' count of stuck relationships, the state transitions counted from the machines' logs. */
export const metricsNamespace = (prefix: string): string => `Mentoring/${prefix}`;

/**
 * What a deployment pays for by the month, whatever it does, as the stack deploys it with the
 * default settings (an infrastructure test counts them in the template): the answer pages'
 * firewall and its rules, the key and the secret, alarms and the dashboard.
 */
export const FIXED_RESOURCES = { webAcls: 1, webAclRules: 3, kmsKeys: 1, secrets: 1, alarms: 40, dashboards: 1 } as const;
