import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One logger per container. Log ids, kinds and outcomes; never names, addresses or answers.
 * Outside Lambda (the local runtime, tests) it is quiet unless POWERTOOLS_LOG_LEVEL says otherwise.
 */
export const logger = new Logger({
  serviceName: 'mentoring',
  logLevel: (process.env.POWERTOOLS_LOG_LEVEL ?? (process.env.AWS_LAMBDA_FUNCTION_NAME ? 'INFO' : 'SILENT')) as 'INFO',
});
