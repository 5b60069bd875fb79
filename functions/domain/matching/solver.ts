/**
 * The assignment that is best for the whole cohort: each mentee to at most one mentor, each
 * mentor within their capacity, the greatest total score, and of the assignments that score
 * alike, the one that matches the most mentees. A minimum-cost flow, solved by successive
 * shortest paths with potentials (the Hungarian method with capacities): mentees are added one
 * by one, and each takes the cheapest path in the flow so far, which may move others to their
 * next best mentor or leave one unmatched (every mentee has an "unmatched" edge of cost 0).
 * After each mentee the assignment is optimal for the mentees so far, so after the last it is
 * optimal for all. Deterministic: no randomness, and every choice between equals falls the
 * same way for the same input.
 */

/** Candidate pairs: mentee and mentor indices, and the pair's score (more is better, above 0). */
export interface CandidatePairs {
  mentee: ArrayLike<number>;
  mentor: ArrayLike<number>;
  score: ArrayLike<number>;
}

/** A binary heap of (distance, node), the smaller distance first, then the smaller node. */
class Heap {
  private keys: number[] = [];
  private nodes: number[] = [];
  get size(): number {
    return this.keys.length;
  }
  clear(): void {
    this.keys.length = 0;
    this.nodes.length = 0;
  }
  private less(a: number, b: number): boolean {
    return this.keys[a]! < this.keys[b]! || (this.keys[a] === this.keys[b] && this.nodes[a]! < this.nodes[b]!);
  }
  private swap(a: number, b: number): void {
    [this.keys[a], this.keys[b]] = [this.keys[b]!, this.keys[a]!];
    [this.nodes[a], this.nodes[b]] = [this.nodes[b]!, this.nodes[a]!];
  }
  push(key: number, node: number): void {
    this.keys.push(key);
    this.nodes.push(node);
    for (let i = this.keys.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }
  /** Removes the smallest; its key and node are read from `top` before. */
  pop(): [number, number] {
    const top: [number, number] = [this.keys[0]!, this.nodes[0]!];
    const lastKey = this.keys.pop()!;
    const lastNode = this.nodes.pop()!;
    if (this.keys.length) {
      this.keys[0] = lastKey;
      this.nodes[0] = lastNode;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let least = i;
        if (l < this.keys.length && this.less(l, least)) least = l;
        if (r < this.keys.length && this.less(r, least)) least = r;
        if (least === i) break;
        this.swap(i, least);
        i = least;
      }
    }
    return top;
  }
}

/**
 * Each mentee's mentor (an index into `capacities`), or -1 for a mentee left unmatched.
 * Mentees are taken in index order: give them in a stable order for the same answer every time.
 */
export const bestAssignment = (mentees: number, capacities: readonly number[], pairs: CandidatePairs): Int32Array => {
  const mentors = capacities.length;
  const sink = mentees + mentors;
  const nodes = sink + 1;
  const edgeCount = 2 * (pairs.mentee.length + mentees + mentors);
  const to = new Int32Array(edgeCount);
  const cap = new Int32Array(edgeCount);
  const cost = new Float64Array(edgeCount);
  const next = new Int32Array(edgeCount);
  const head = new Int32Array(nodes).fill(-1);
  let edges = 0;
  const link = (from: number, target: number, capacity: number, price: number) => {
    to[edges] = target;
    cap[edges] = capacity;
    cost[edges] = price;
    next[edges] = head[from]!;
    head[from] = edges++;
  };
  const add = (from: number, target: number, capacity: number, price: number) => {
    link(from, target, capacity, price);
    link(target, from, 0, -price);
  };
  // Score first; one more matched mentee (+1) never outweighs one point, as there are fewer than `mentees + 1` of them.
  const weight = mentees + 1;
  // The "unmatched" edge first, so it is looked at last: linked lists run newest first.
  for (let i = 0; i < mentees; i++) add(i, sink, 1, 0);
  for (let j = 0; j < mentors; j++) add(mentees + j, sink, capacities[j]!, 0);
  for (let k = 0; k < pairs.mentee.length; k++) add(pairs.mentee[k]!, mentees + pairs.mentor[k]!, 1, -(pairs.score[k]! * weight + 1));

  // Potentials keep every residual edge's reduced cost at 0 or more, so Dijkstra's rule holds.
  const potential = new Float64Array(nodes);
  const dist = new Float64Array(nodes);
  const parent = new Int32Array(nodes);
  const seen = new Int32Array(nodes);
  const done = new Int32Array(nodes);
  const heap = new Heap();

  for (let source = 0; source < mentees; source++) {
    const stamp = source + 1;
    // Nothing leads into a mentee not yet added: its potential may be set so its own edges cost 0 or more.
    let start = -Infinity;
    for (let e = head[source]!; e !== -1; e = next[e]!) start = Math.max(start, potential[to[e]!]! - cost[e]!);
    potential[source] = start;

    heap.clear();
    dist[source] = 0;
    seen[source] = stamp;
    heap.push(0, source);
    while (heap.size) {
      const [d, u] = heap.pop();
      if (done[u] === stamp) continue;
      done[u] = stamp;
      if (u === sink) break;
      for (let e = head[u]!; e !== -1; e = next[e]!) {
        if (cap[e] === 0) continue;
        const v = to[e]!;
        if (done[v] === stamp) continue;
        const nd = d + cost[e]! + potential[u]! - potential[v]!;
        if (seen[v] !== stamp || nd < dist[v]!) {
          seen[v] = stamp;
          dist[v] = nd;
          parent[v] = e;
          heap.push(nd, v);
        }
      }
    }
    // The sink is always reached: the mentee's own "unmatched" edge leads there.
    const toSink = dist[sink]!;
    for (let v = 0; v < nodes; v++) potential[v] = potential[v]! + (done[v] === stamp ? dist[v]! : toSink);
    for (let v = sink; v !== source;) {
      const e = parent[v]!;
      cap[e] = cap[e]! - 1;
      cap[e ^ 1] = cap[e ^ 1]! + 1;
      v = to[e ^ 1]!;
    }
  }

  const mentorOf = new Int32Array(mentees).fill(-1);
  for (let i = 0; i < mentees; i++)
    for (let e = head[i]!; e !== -1; e = next[e]!)
      if (to[e] !== sink && cap[e] === 0) {
        mentorOf[i] = to[e]! - mentees;
        break;
      }
  return mentorOf;
};
