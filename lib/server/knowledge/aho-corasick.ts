// Aho–Corasick over UTF-16 code units: every occurrence of any of a set of strings in one pass,
// linear in the text plus the matches. The names are folded before they get here (case,
// diacritics, spacing: normalize-name.ts), so matching code units exactly is what is wanted; the
// caller checks word edges itself.
//
// Written here rather than kept from a library: modern-ahocorasick walks a non-ASCII text by
// grapheme clusters through Intl.Segmenter over the whole rest of the string, and V8's segmenter
// slows down with the square of the string's length (80,000 characters with one emoji: 22 s;
// the viewer benchmark's 1 MB document did not finish in 200 s). The matching held the server's
// one thread for as long, at every open of a long document by anyone with a string matcher or a
// knowledge base in their project.

/** One occurrence: `pattern` is the index into the patterns given; `end` is exclusive. */
export type Hit = { pattern: number; start: number; end: number };

export class CodeUnitAutomaton {
  /** Transitions: key `node * 65536 + code unit` → child node (one map, not one per node). */
  private readonly next = new Map<number, number>();
  /** Per node: its failure link (the longest proper suffix that is also a node). */
  private readonly fail: Int32Array;
  /** Per node: the pattern ending exactly here, or -1. */
  private readonly terminal: Int32Array;
  /** Per node: the nearest node along the failure links (itself excluded) where a pattern ends, or -1. */
  private readonly output: Int32Array;
  private readonly lengths: number[];

  constructor(patterns: readonly string[]) {
    this.lengths = patterns.map((p) => p.length);
    const terminals: number[] = [-1];
    let nodes = 1;
    patterns.forEach((pattern, index) => {
      let node = 0;
      for (let i = 0; i < pattern.length; i++) {
        const key = node * 65536 + pattern.charCodeAt(i);
        let child = this.next.get(key);
        if (child === undefined) {
          child = nodes++;
          terminals.push(-1);
          this.next.set(key, child);
        }
        node = child;
      }
      // An empty pattern matches nowhere; a repeated one keeps its first index.
      if (node !== 0 && terminals[node] === -1) terminals[node] = index;
    });
    this.terminal = Int32Array.from(terminals);
    this.fail = new Int32Array(nodes);
    this.output = new Int32Array(nodes).fill(-1);
    // Children by parent, for the breadth-first pass that sets the failure links.
    const children: [number, number][][] = Array.from({ length: nodes }, () => []);
    for (const [key, child] of this.next) children[Math.floor(key / 65536)].push([key % 65536, child]);
    const queue: number[] = [];
    for (const [, child] of children[0]) queue.push(child);
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head];
      for (const [code, child] of children[node]) {
        let f = this.fail[node];
        while (f !== 0 && !this.next.has(f * 65536 + code)) f = this.fail[f];
        const target = this.next.get(f * 65536 + code);
        this.fail[child] = target !== undefined && target !== child ? target : 0;
        const via = this.fail[child];
        this.output[child] = this.terminal[via] !== -1 ? via : this.output[via];
        queue.push(child);
      }
    }
  }

  /** Every occurrence in `text`, in order of their ends; at one end, the longest first. */
  *iterate(text: string): Generator<Hit> {
    let node = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let child = this.next.get(node * 65536 + code);
      while (child === undefined && node !== 0) {
        node = this.fail[node];
        child = this.next.get(node * 65536 + code);
      }
      node = child ?? 0;
      for (let at = this.terminal[node] !== -1 ? node : this.output[node]; at !== -1; at = this.output[at]) {
        const pattern = this.terminal[at];
        yield { pattern, start: i + 1 - this.lengths[pattern], end: i + 1 };
      }
    }
  }
}
