import { fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * What a function's bundle carries in place of `@aws-sdk/credential-provider-node` (an alias in
 * infra/stateless/bundling.ts). Lambda hands every function its role's session in
 * AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, so the default chain's other
 * sources (SSO, STS web identity, profiles, processes, instance metadata) and the STS and SSO
 * clients they load would never run. Each client's runtime config imports this name; the local
 * runtime and the CLI are not bundled and keep the whole chain. (A function restored from a
 * SnapStart snapshot gets a container endpoint instead of these variables: the stack uses none.)
 */
export const defaultProvider = fromEnv;
