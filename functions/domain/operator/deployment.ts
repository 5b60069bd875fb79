/** The prefix a program gets when none is given: the first deployment's, whose stack is `Mentoring`. */
export const DEFAULT_PREFIX = 'mentoring';

/**
 * The CloudFormation stack of a program: `Mentoring` for the default prefix, so deployments
 * made before programs had their own stacks keep theirs; `Mentoring-<prefix>` for any other,
 * so a second program in the same account gets a stack of its own instead of replacing the first.
 */
export const stackNameOf = (prefix: string): string => (prefix === DEFAULT_PREFIX ? 'Mentoring' : `Mentoring-${prefix}`);
