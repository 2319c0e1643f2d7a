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

import { runAtOnce, type Steps } from "@/lib/run-in-slices";

/** One occurrence: `pattern` is the index into the patterns given; `end` is exclusive. */
export type Hit = { pattern: number; start: number; end: number };

export class CodeUnitAutomaton {
  // Transitions: most nodes of a trie of names have one child, kept in two arrays; a node with
  // more has a map (a map per node was 60 MB for 20,000 long names; one map keyed by node and code
  // unit hashed doubles, twice as slow to build).
  private readonly code1: number[] = [-1];
  private readonly child1: number[] = [0];
  private readonly many: (Map<number, number> | undefined)[] = [undefined];
  /** Per node: its failure link (the longest proper suffix that is also a node). */
  private fail = new Int32Array(1);
  /** Per node: the pattern ending exactly here, or -1. */
  private terminal = new Int32Array(1).fill(-1);
  /** Per node: the nearest node along the failure links (itself excluded) where a pattern ends, or -1. */
  private output = new Int32Array(1).fill(-1);
  private lengths: number[] = [];

  /** Built at once; `CodeUnitAutomaton.build` builds in steps. */
  constructor(patterns: readonly string[] = []) {
    runAtOnce(this.fill(patterns));
  }

  /** The automaton built in steps: it pauses every 4,096 patterns and every 16,384 nodes. */
  static *build(patterns: readonly string[]): Steps<CodeUnitAutomaton> {
    const automaton = new CodeUnitAutomaton();
    yield* automaton.fill(patterns);
    return automaton;
  }

  private *fill(patterns: readonly string[]): Steps<void> {
    this.lengths = patterns.map((p) => p.length);
    const terminals: number[] = [-1];
    for (let index = 0; index < patterns.length; index++) {
      if ((index & 0xfff) === 0xfff) yield;
      const pattern = patterns[index];
      let node = 0;
      for (let i = 0; i < pattern.length; i++) {
        const code = pattern.charCodeAt(i);
        let child = this.step(node, code);
        if (child === undefined) {
          child = this.code1.length;
          this.code1.push(-1);
          this.child1.push(0);
          this.many.push(undefined);
          terminals.push(-1);
          this.link(node, code, child);
        }
        node = child;
      }
      // An empty pattern matches nowhere; a repeated one keeps its first index.
      if (node !== 0 && terminals[node] === -1) terminals[node] = index;
    }
    const nodes = this.code1.length;
    this.terminal = Int32Array.from(terminals);
    this.fail = new Int32Array(nodes);
    this.output = new Int32Array(nodes).fill(-1);
    // Breadth first: a node's failure link is set before its children's.
    const queue: number[] = [];
    this.forChildren(0, (_, child) => queue.push(child));
    for (let head = 0; head < queue.length; head++) {
      if ((head & 0x3fff) === 0x3fff) yield;
      const node = queue[head];
      this.forChildren(node, (code, child) => {
        let f = this.fail[node];
        let target = this.step(f, code);
        while (target === undefined && f !== 0) {
          f = this.fail[f];
          target = this.step(f, code);
        }
        const via = target ?? 0;
        this.fail[child] = via;
        this.output[child] = this.terminal[via] !== -1 ? via : this.output[via];
        queue.push(child);
      });
    }
  }

  private step(node: number, code: number): number | undefined {
    const many = this.many[node];
    if (many) return many.get(code);
    return this.code1[node] === code ? this.child1[node] : undefined;
  }

  private link(node: number, code: number, child: number) {
    const many = this.many[node];
    if (many) many.set(code, child);
    else if (this.code1[node] === -1) {
      this.code1[node] = code;
      this.child1[node] = child;
    } else {
      this.many[node] = new Map([
        [this.code1[node], this.child1[node]],
        [code, child],
      ]);
    }
  }

  private forChildren(node: number, each: (code: number, child: number) => void) {
    const many = this.many[node];
    if (many) for (const [code, child] of many) each(code, child);
    else if (this.code1[node] !== -1) each(this.code1[node], this.child1[node]);
  }

  /**
   * Every occurrence in `text`, in order of their ends; at one end, the longest first. Every
   * 65,536 code units it also yields null: a pause point for a caller working in steps.
   */
  *iterate(text: string): Generator<Hit | null> {
    let node = 0;
    for (let i = 0; i < text.length; i++) {
      if ((i & 0xffff) === 0xffff) yield null;
      const code = text.charCodeAt(i);
      let child = this.step(node, code);
      while (child === undefined && node !== 0) {
        node = this.fail[node];
        child = this.step(node, code);
      }
      node = child ?? 0;
      for (let at = this.terminal[node] !== -1 ? node : this.output[node]; at !== -1; at = this.output[at]) {
        const pattern = this.terminal[at];
        yield { pattern, start: i + 1 - this.lengths[pattern], end: i + 1 };
      }
    }
  }
}
