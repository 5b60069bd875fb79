import { SFNClient } from '@aws-sdk/client-sfn';
import { clientSettings, once } from '#core/aws';

/** Step Functions: the real service on AWS, the local facade when STEPFUNCTIONS_ENDPOINT is set. */
export const stepFunctions = once(() => new SFNClient(clientSettings(process.env.STEPFUNCTIONS_ENDPOINT)));
