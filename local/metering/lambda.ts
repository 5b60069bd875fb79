import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import { logger } from '#platform/logger';
import { FUNCTION_MEMORY_MB } from '#domain/operator/deployment';
import { meter } from './meter.ts';

/**
 * Lambda's share of what a local run uses, measured as CloudWatch counts it on AWS: each
 * invocation of a function and its duration (wall time on this machine, busy or not), and the
 * bytes its log group receives: the lines Lambda writes itself around each invocation, and the
 * product's own log lines, which the runtime counts instead of printing.
 */

/** The function whose invocation is running: a log line is counted to its log group. */
const running = new AsyncLocalStorage<string>();

/** The function whose invocation the caller runs in, if any: for a profile of who sends which request. */
export const runningFunction = (): string | undefined => running.getStore();

/** Lambda's own lines around an invocation (START, END, REPORT and the trace's), as long as on AWS. */
const platformLines = (requestId: string, durationMs: number): string =>
  [
    `START RequestId: ${requestId} Version: $LATEST`,
    `END RequestId: ${requestId}`,
    `REPORT RequestId: ${requestId}\tDuration: ${durationMs.toFixed(2)} ms\tBilled Duration: ${Math.ceil(durationMs)} ms\tMemory Size: ${FUNCTION_MEMORY_MB} MB\tMax Memory Used: 100 MB\t`,
    `XRAY TraceId: 1-00000000-000000000000000000000000\tSegmentId: 0000000000000000\tSampled: true\t`,
  ].join('\n') + '\n';

const logBytes = (functionName: string, bytes: number) =>
  meter()?.add({ namespace: 'AWS/Logs', metricName: 'IncomingBytes', dimensions: { LogGroupName: `/aws/lambda/${functionName}` } }, bytes);

/** One invocation of a function, measured: counted, timed and its log lines counted, whether it succeeds or not. */
export const measured = async <T>(functionName: string, requestId: string, call: () => Promise<T>): Promise<T> => {
  const started = performance.now();
  try {
    return await running.run(functionName, call);
  } finally {
    const durationMs = performance.now() - started;
    const dimensions = { FunctionName: functionName };
    meter()?.add({ namespace: 'AWS/Lambda', metricName: 'Invocations', dimensions }, 1);
    meter()?.add({ namespace: 'AWS/Lambda', metricName: 'Duration', dimensions }, durationMs);
    logBytes(functionName, Buffer.byteLength(platformLines(requestId, durationMs)));
  }
};

type ConsoleLike = Record<'log' | 'info' | 'warn' | 'error' | 'debug' | 'trace', (line: unknown) => void>;

/**
 * The product's logger writes its lines at INFO, as in Lambda, into a count per function instead
 * of the terminal. Only when it was quiet (as outside Lambda by default): a level someone set
 * keeps printing where it did. Returns how to put it back.
 */
export const countProductLogs = (): (() => void) => {
  if (logger.getLevelName() !== 'SILENT') return () => {};
  // The logger's console is where its lines go: a plain property, set when it was made. Each
  // invocation's refresh of its sampling would put back the level it was made with (quiet): with
  // no sample rate set, as here, a deployed function's stays at INFO, and so does this one.
  const target = logger as unknown as { console: ConsoleLike; refreshSampleRateCalculation: () => void };
  const before = target.console;
  target.refreshSampleRateCalculation = () => {};
  const count = (line: unknown) => {
    const functionName = running.getStore();
    if (functionName) logBytes(functionName, Buffer.byteLength(String(line)) + 1);
  };
  target.console = { log: count, info: count, warn: count, error: count, debug: count, trace: count };
  logger.setLogLevel('INFO');
  return () => {
    logger.setLogLevel('SILENT');
    target.console = before;
    delete (target as Partial<typeof target>).refreshSampleRateCalculation;
  };
};
