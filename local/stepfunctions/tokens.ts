import { createHmac } from 'node:crypto';
import { SfnServiceError, taskError } from './errors.ts';

type JsonValue = unknown;

interface ParkedTask {
  open: boolean;
  resolve: (output: JsonValue) => void;
  reject: (error: Error) => void;
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}\.[0-9a-z]+$/;

/**
 * Task tokens of `.waitForTaskToken` tasks; closed tokens are kept so late answers get
 * TaskTimedOut. A token is drawn from the run's seed and the task it belongs to, so the same
 * run writes the same history.
 */
export class TaskTokens {
  private readonly tasks = new Map<string, ParkedTask>();

  constructor(private readonly seed: number) {}

  /** Mints the token of the `n`th waiting task of an execution; `outcome` settles on SendTaskSuccess/SendTaskFailure. */
  open(executionArn: string, n: number): { token: string; outcome: Promise<JsonValue> } {
    const token = `${createHmac('sha256', `local-task-tokens-${this.seed}`).update(`${executionArn}#${n}`).digest('base64url')}.${n.toString(36)}`;
    let resolve!: ParkedTask['resolve'];
    let reject!: ParkedTask['reject'];
    const outcome = new Promise<JsonValue>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    outcome.catch(() => {}); // the caller may have stopped listening (timeout, abort)
    this.tasks.set(token, { open: true, resolve, reject });
    return { token, outcome };
  }

  /** Marks the task closed without settling it (timeout, failure, abort). */
  close(token: string): void {
    const task = this.tasks.get(token);
    if (task) task.open = false;
  }

  succeed(token: unknown, output: unknown): void {
    if (typeof output !== 'string') throw new SfnServiceError('InvalidOutput', 'output must be a JSON string');
    let parsed: JsonValue;
    try {
      parsed = JSON.parse(output);
    } catch {
      throw new SfnServiceError('InvalidOutput', 'output is not valid JSON');
    }
    this.take(token).resolve(parsed);
  }

  fail(token: unknown, error: unknown, cause: unknown): void {
    const name = typeof error === 'string' ? error : '';
    this.take(token).reject(taskError(name, typeof cause === 'string' ? cause : ''));
  }

  heartbeat(token: unknown): void {
    this.find(token);
  }

  get openCount(): number {
    let n = 0;
    for (const task of this.tasks.values()) if (task.open) n++;
    return n;
  }

  private take(token: unknown): ParkedTask {
    const task = this.find(token);
    task.open = false;
    return task;
  }

  private find(token: unknown): ParkedTask {
    if (typeof token !== 'string' || token.length > 2048 || !TOKEN_SHAPE.test(token)) {
      throw new SfnServiceError('InvalidToken', 'Invalid Token');
    }
    const task = this.tasks.get(token);
    if (!task) throw new SfnServiceError('TaskDoesNotExist', 'Task does not exist anymore');
    // AWS answers TaskTimedOut for any task that is no longer open.
    if (!task.open) throw new SfnServiceError('TaskTimedOut', 'Task Timed Out');
    return task;
  }
}
