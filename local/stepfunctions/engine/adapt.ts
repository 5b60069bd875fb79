// Rewrites ASL so aws-local-stepfunctions behaves like AWS for task timeouts.
// The engine defaults Tasks to 60 s and ends a timed-out task without the history
// events AWS writes (TaskTimedOut), so every task timeout moves into Parameters and
// our own task override enforces it, on program time.

export const LOCAL_TIMEOUT_KEY = '__localTimeoutSeconds';
export const LOCAL_INPUT_KEY = '__localInput';
/** The engine's own task timeout, set far beyond any phase (ten years of program time). */
export const SAFE_TIMEOUT_SECONDS = 315_360_000;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export function adaptForLocalEngine<T extends object>(definition: T): T {
  const copy = structuredClone(definition) as unknown as Json;
  // The execution enforces its own timeout, so its history ends as AWS's does (execution.ts).
  delete copy.TimeoutSeconds;
  adaptStates(copy);
  return copy as unknown as T;
}

function adaptStates(machine: Json): void {
  const states = machine.States;
  if (!isObject(states)) return;
  for (const state of Object.values(states)) {
    if (!isObject(state)) continue;
    if (state.Type === 'Task') adaptTask(state);
    if (state.Type === 'Map') {
      for (const key of ['ItemProcessor', 'Iterator']) if (isObject(state[key])) adaptStates(state[key]);
    }
    if (state.Type === 'Parallel' && Array.isArray(state.Branches)) {
      for (const branch of state.Branches) if (isObject(branch)) adaptStates(branch);
    }
  }
}

function adaptTask(task: Json): void {
  let timeoutEntry: [string, unknown] | undefined;
  if (typeof task.TimeoutSecondsPath === 'string') timeoutEntry = [`${LOCAL_TIMEOUT_KEY}.$`, task.TimeoutSecondsPath];
  else if (typeof task.TimeoutSeconds === 'number') timeoutEntry = [LOCAL_TIMEOUT_KEY, task.TimeoutSeconds];
  delete task.TimeoutSecondsPath;
  // AWS has no 60 s default for Tasks; the engine does.
  task.TimeoutSeconds = SAFE_TIMEOUT_SECONDS;
  if (!timeoutEntry) return;
  const [key, value] = timeoutEntry;
  if (isObject(task.Parameters)) {
    task.Parameters = { ...task.Parameters, [key]: value };
  } else if ('Parameters' in task) {
    task.Parameters = { [LOCAL_INPUT_KEY]: task.Parameters, [key]: value };
  } else {
    // Without Parameters the effective input is the (InputPath-filtered) state input.
    task.Parameters = { [`${LOCAL_INPUT_KEY}.$`]: '$', [key]: value };
  }
}

/** Undoes the Parameters rewrite inside the task override. */
export function unwrapLocalInput(input: unknown): { input: unknown; timeoutSeconds?: unknown } {
  if (!isObject(input) || !(LOCAL_TIMEOUT_KEY in input)) return { input };
  const { [LOCAL_TIMEOUT_KEY]: timeoutSeconds, ...rest } = input;
  return { input: LOCAL_INPUT_KEY in rest ? rest[LOCAL_INPUT_KEY] : rest, timeoutSeconds };
}

export interface TaskStateInfo {
  name: string;
  resource: string;
  /** Map/Parallel states enclosing this task, outermost first. */
  ancestors: string[];
}

/** Every Task state, including those nested in Map and Parallel states. */
export function collectTaskStates(definition: object): Map<string, TaskStateInfo> {
  const tasks = new Map<string, TaskStateInfo>();
  const walk = (machine: unknown, ancestors: string[]): void => {
    if (!isObject(machine) || !isObject(machine.States)) return;
    for (const [name, state] of Object.entries(machine.States)) {
      if (!isObject(state)) continue;
      if (state.Type === 'Task') tasks.set(name, { name, resource: String(state.Resource), ancestors });
      if (state.Type === 'Map') {
        walk(state.ItemProcessor ?? state.Iterator, [...ancestors, name]);
      }
      if (state.Type === 'Parallel' && Array.isArray(state.Branches)) {
        for (const branch of state.Branches) walk(branch, [...ancestors, name]);
      }
    }
  };
  walk(definition, []);
  return tasks;
}
