import { SFNClient } from '@aws-sdk/client-sfn';
import { clientSettings, once } from '#platform/aws';
import { setting } from '#platform/environment';

/** Step Functions: the real service on AWS, the local facade when STEPFUNCTIONS_ENDPOINT is set. */
export const stepFunctions = once(() => new SFNClient(clientSettings(setting('STEPFUNCTIONS_ENDPOINT'))));
