import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Clock } from '#platform/clock';

/**
 * Program time for the whole local runtime. It stands still while anything is in flight (a
 * handler, a request to a local service, a simulated person's click) and, once nothing is,
 * jumps straight to the earliest pending event: a Wait state's instant, a task's timeout, a
 * simulated answer. So a year runs as fast as the work allows, and the same on an idle or a
 * busy machine. Temporal's time-skipping test server works the same way.
 */
export class VirtualClock implements Clock {
  private nowMs: number;
  private readonly timers = new TimerQueue();
  /** Timers that keep a run going; background ones only fire while time passes them on its way. */
  private foreground = 0;
  private busy = 0;
  /** Changes with every begin, end and timer, so a quiet moment can be told from a lull. */
  private epoch = 0;
  private quietWaiters: (() => void)[] = [];
  private activityWaiters: (() => void)[] = [];
  private readonly lookouts: Lookout[] = [];
  private paced?: { programAt: number; wallAt: number; speed: number; until: number };
  private seq = 0;

  constructor(start: Date) {
    this.nowMs = start.getTime();
  }

  now(): Date {
    return new Date(this.nowEpochMs());
  }

  nowEpochMs(): number {
    const paced = this.paced;
    if (!paced) return this.nowMs;
    return Math.min(paced.until, Math.floor(paced.programAt + (Date.now() - paced.wallAt) * paced.speed));
  }

  /**
   * Runs `fire` when program time reaches `at`. Events due at one instant run together in
   * order of `key`; an `exclusive` one (a simulated person) runs alone, after the others have
   * settled, so two people acting at one instant never race.
   */
  at(at: number, fire: () => void, key = '', exclusive = false): () => void {
    return this.plan({ at: Math.max(at, this.nowEpochMs()), key, seq: ++this.seq, exclusive, background: false, fire, index: -1 });
  }

  /**
   * Runs `fire` (alone, like an exclusive event) when program time passes `at` on its way to
   * something else: a background event never keeps a run going, nor hides one that is stuck.
   * A daily chore works this way: it happens every program day while the program lives.
   */
  inBackground(at: number, fire: () => void, key = ''): () => void {
    return this.plan({ at: Math.max(at, this.nowEpochMs()), key, seq: ++this.seq, exclusive: true, background: true, fire, index: -1 });
  }

  private plan(timer: Timer): () => void {
    this.timers.push(timer);
    if (!timer.background) this.foreground++;
    this.epoch++;
    return () => {
      if (!this.timers.remove(timer)) return;
      if (!timer.background) this.foreground--;
      this.epoch++;
    };
  }

  /** Marks work in flight: program time stands still until the returned function is called. */
  begin(): () => void {
    if (this.paced) this.freeze();
    this.busy++;
    this.epoch++;
    for (const wake of this.activityWaiters.splice(0)) wake();
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.busy--;
      this.epoch++;
      if (this.busy === 0) for (const wake of this.quietWaiters.splice(0)) wake();
    };
  }

  /** Runs `work` with program time standing still until it settles. */
  async track<T>(work: () => Promise<T> | T): Promise<T> {
    const end = this.begin();
    try {
      return await work();
    } finally {
      end();
    }
  }

  /**
   * Called each time everything has settled, before time moves on: the simulation reads what
   * arrived (mail) and plans its reactions. Returns true when it did something.
   */
  lookout(lookout: Lookout): () => void {
    this.lookouts.push(lookout);
    return () => void this.lookouts.splice(this.lookouts.indexOf(lookout), 1);
  }

  get pendingEvents(): number {
    return this.timers.size;
  }

  /** Waits until nothing is in flight and the lookouts have nothing more to do, without moving time. */
  async settle(): Promise<void> {
    for (;;) {
      await this.quiet();
      let acted = false;
      for (const lookout of [...this.lookouts]) if (await this.track(lookout)) acted = true;
      if (!acted) return;
    }
  }

  /**
   * Moves program time on, event after event, until `done` holds, program time reaches
   * `until`, or `interrupted` settles. With `pace` (program seconds per wall second) time
   * passes at that speed between events, so a person can read the inbox and click; whatever
   * they do is handled at the instant they did it, before time moves on.
   */
  async run(options: RunOptions = {}): Promise<RunResult> {
    let interrupted = false;
    void options.interrupted?.then(() => {
      interrupted = true;
      if (this.paced) this.freeze();
      for (const wake of this.activityWaiters.splice(0)) wake();
    });
    for (;;) {
      await this.settle();
      if (interrupted) return 'interrupted';
      if (await options.done?.()) return 'done';
      const until = options.until?.getTime();
      // Background events fire on the way to a foreground one, or to `until`; never on their own.
      const next = this.foreground > 0 || until !== undefined ? this.timers.peek() : undefined;
      if (until !== undefined && (!next || next.at > until)) {
        if (options.pace && !(await this.passWallTime(until, options.pace))) continue;
        this.nowMs = Math.max(this.nowMs, until);
        return 'until';
      }
      if (!next) {
        if (!options.pace) return 'stalled';
        await new Promise<void>((wake) => this.activityWaiters.push(wake));
        continue;
      }
      if (options.pace && !(await this.passWallTime(next.at, options.pace))) continue;
      await this.fireDue(next.at);
    }
  }

  /** Fires what is due at `at`: the engine's timers together, then each exclusive one on its own. */
  private async fireDue(at: number): Promise<void> {
    this.nowMs = Math.max(this.nowMs, at);
    const due: Timer[] = [];
    while (this.timers.peek() && this.timers.peek()!.at <= this.nowMs) due.push(this.timers.pop()!);
    this.foreground -= due.filter((t) => !t.background).length;
    this.epoch++;
    const exclusive = due.filter((t) => t.exclusive);
    for (const timer of due) if (!timer.exclusive) timer.fire();
    for (const timer of exclusive) {
      await this.quiet();
      timer.fire();
    }
  }

  /** Lets wall time pass until program time reaches `target`; false when someone acted first. */
  private async passWallTime(target: number, speed: number): Promise<boolean> {
    if (target <= this.nowMs) return true;
    this.paced = { programAt: this.nowMs, wallAt: Date.now(), speed, until: target };
    while (this.paced) {
      const left = (target - this.nowEpochMs()) / speed;
      if (left <= 0) {
        this.paced = undefined;
        this.nowMs = target;
        return true;
      }
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((wake) => {
        timer = setTimeout(wake, Math.min(left, 500));
        this.activityWaiters.push(wake);
      });
      clearTimeout(timer);
    }
    return this.nowMs >= target;
  }

  private freeze(): void {
    this.nowMs = this.nowEpochMs();
    this.paced = undefined;
  }

  /** Nothing in flight, twice over a full turn of the event loop with nothing changing in between. */
  private async quiet(): Promise<void> {
    for (;;) {
      while (this.busy > 0) await new Promise<void>((wake) => this.quietWaiters.push(wake));
      const epoch = this.epoch;
      await nextTurn();
      if (this.busy === 0 && this.epoch === epoch) return;
    }
  }
}

export type Lookout = () => Promise<boolean> | boolean;

export interface RunOptions {
  /** Checked whenever everything has settled; the run ends when it holds. */
  done?: () => boolean | Promise<boolean>;
  /** Program time at which to stop, with every event before it handled. */
  until?: Date;
  /** Program seconds per wall-clock second; without it, time jumps from event to event. */
  pace?: number;
  interrupted?: Promise<unknown>;
}

/** `stalled`: nothing is due and nothing is in flight, yet `done` does not hold. */
export type RunResult = 'done' | 'until' | 'interrupted' | 'stalled';

interface Timer {
  at: number;
  key: string;
  seq: number;
  exclusive: boolean;
  background: boolean;
  fire: () => void;
  /** Position in the heap; -1 once it left it. */
  index: number;
}

const before = (a: Timer, b: Timer): boolean => (a.at !== b.at ? a.at < b.at : a.key !== b.key ? a.key < b.key : a.seq < b.seq);

/** A binary heap of timers by instant, then key, then creation; a cancelled timer leaves it at once. */
class TimerQueue {
  private readonly heap: Timer[] = [];

  get size(): number {
    return this.heap.length;
  }

  peek(): Timer | undefined {
    return this.heap[0];
  }

  push(timer: Timer): void {
    timer.index = this.heap.length;
    this.heap.push(timer);
    this.up(timer.index);
  }

  pop(): Timer | undefined {
    const top = this.heap[0];
    if (top) this.remove(top);
    return top;
  }

  remove(timer: Timer): boolean {
    const i = timer.index;
    if (i < 0 || this.heap[i] !== timer) return false;
    const last = this.heap.pop()!;
    timer.index = -1;
    if (last !== timer) {
      this.heap[i] = last;
      last.index = i;
      this.down(i);
      this.up(last.index);
    }
    return true;
  }

  private up(i: number): void {
    const heap = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const heap = this.heap;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let least = i;
      if (left < heap.length && before(heap[left]!, heap[least]!)) least = left;
      if (right < heap.length && before(heap[right]!, heap[least]!)) least = right;
      if (least === i) return;
      this.swap(i, least);
      i = least;
    }
  }

  private swap(a: number, b: number): void {
    const heap = this.heap;
    [heap[a], heap[b]] = [heap[b]!, heap[a]!];
    heap[a].index = a;
    heap[b].index = b;
  }
}
