import type { EngineEvent } from './engine/index.ts';
import type { HistoryEvent, LocalStepFunctionsEvent } from './types.ts';
import type { Clock } from '#platform/clock';

type Details = Record<string, unknown>;

const DATA_FIELDS = new Set(['input', 'inputDetails', 'output', 'outputDetails']);
const NOT_TRUNCATED = { truncated: false };

export const json = (value: unknown): string => JSON.stringify(value ?? null);

function detailsKey(type: string): string {
  if (type.endsWith('StateEntered')) return 'stateEnteredEventDetails';
  if (type.endsWith('StateExited')) return 'stateExitedEventDetails';
  return `${type[0]?.toLowerCase()}${type.slice(1)}EventDetails`;
}

/** AWS-shaped history of one execution; frozen once the closing event is written. */
export class HistoryRecorder {
  readonly events: HistoryEvent[] = [];
  private frozen = false;

  constructor(
    private readonly executionArn: string,
    private readonly clock: Clock,
    private readonly onEvent?: (e: LocalStepFunctionsEvent) => void,
  ) {}

  record(type: string, details?: Details, stateName?: string): void {
    if (this.frozen) return;
    const id = this.events.length + 1;
    const event = { id, previousEventId: id - 1, timestamp: this.clock.now(), type } as HistoryEvent;
    if (details) (event as unknown as Details)[detailsKey(type)] = details;
    this.events.push(event);
    try {
      this.onEvent?.({ executionArn: this.executionArn, type, ...(stateName ? { stateName } : {}) });
    } catch {
      // A progress listener must not break the execution.
    }
  }

  close(type: string, details?: Details): void {
    this.record(type, details);
    this.frozen = true;
  }

  /** A redrive: the history goes on after its closing event. */
  reopen(): void {
    this.frozen = false;
  }
}

export interface ConvertedEvent {
  type: string;
  details?: Details;
  stateName?: string;
}

/**
 * State-level engine events as AWS history events. Execution-level events are written by the
 * execution itself; StateFailed/Retried/Caught have no AWS counterpart (Task* events cover them).
 */
export function convertEngineEvent(event: EngineEvent): ConvertedEvent[] {
  switch (event.type) {
    case 'StateEntered': {
      const { name, type, input } = event.state;
      const entered = { type: `${type}StateEntered`, stateName: name, details: { name, input: json(input), inputDetails: NOT_TRUNCATED } };
      if (type === 'Map' || type === 'Parallel') return [entered, { type: `${type}StateStarted`, stateName: name }];
      return [entered];
    }
    case 'StateExited': {
      const { name, type, output } = event.state;
      const exited = { type: `${type}StateExited`, stateName: name, details: { name, output: json(output), outputDetails: NOT_TRUNCATED } };
      if (type === 'Map' || type === 'Parallel') return [{ type: `${type}StateSucceeded`, stateName: name }, exited];
      return [exited];
    }
    case 'StateFailed': {
      const { name, type } = event.state;
      return type === 'Map' || type === 'Parallel' ? [{ type: `${type}StateFailed`, stateName: name }] : [];
    }
    case 'MapIterationStarted':
    case 'MapIterationSucceeded':
    case 'MapIterationFailed':
      return [{ type: event.type, stateName: event.parentState.name, details: { name: event.parentState.name, index: event.index } }];
    default:
      return [];
  }
}

/** For GetExecutionHistory with includeExecutionData=false. */
export function withoutExecutionData(event: HistoryEvent): HistoryEvent {
  const copy: Details = {};
  for (const [key, value] of Object.entries(event)) {
    if (key.endsWith('EventDetails') && value && typeof value === 'object') {
      copy[key] = Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([k]) => !DATA_FIELDS.has(k)));
    } else {
      copy[key] = value;
    }
  }
  return copy as unknown as HistoryEvent;
}
