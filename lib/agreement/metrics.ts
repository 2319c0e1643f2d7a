// Inter-annotator agreement coefficients, pure and dependency-free. Every function takes the
// categories each rater gave each item; `null` means the rater did not code that item.

export type Category = string | number;

/** Cohen's kappa for two raters over the same items (items either rater left out are skipped). */
export function cohensKappa(a: (Category | null)[], b: (Category | null)[]): number {
  if (a.length !== b.length) throw new Error("Both raters must rate the same items");
  const pairs = a.flatMap((x, i) => (x !== null && b[i] !== null ? [[x, b[i]!] as const] : []));
  const n = pairs.length;
  if (n === 0) return NaN;
  const observed = pairs.filter(([x, y]) => x === y).length / n;
  const countA = new Map<Category, number>();
  const countB = new Map<Category, number>();
  for (const [x, y] of pairs) {
    countA.set(x, (countA.get(x) ?? 0) + 1);
    countB.set(y, (countB.get(y) ?? 0) + 1);
  }
  let expected = 0;
  for (const [category, ca] of countA) expected += (ca / n) * ((countB.get(category) ?? 0) / n);
  // Perfect agreement on a single category: no chance agreement to correct for.
  if (expected === 1) return observed === 1 ? 1 : NaN;
  return (observed - expected) / (1 - expected);
}

/**
 * Fleiss' kappa from a subjects × categories table of how many raters put each subject in each
 * category; every subject must have the same number of ratings.
 */
export function fleissKappa(table: number[][]): number {
  const subjects = table.length;
  if (subjects === 0) return NaN;
  const raters = table[0].reduce((s, x) => s + x, 0);
  if (raters < 2 || table.some((row) => row.reduce((s, x) => s + x, 0) !== raters)) {
    throw new Error("Fleiss' kappa needs the same number (≥ 2) of ratings for every subject");
  }
  const categories = table[0].length;
  const p = Array.from({ length: categories }, (_, j) => table.reduce((s, row) => s + row[j], 0) / (subjects * raters));
  const pBar = table.reduce((s, row) => s + (row.reduce((t, x) => t + x * x, 0) - raters) / (raters * (raters - 1)), 0) / subjects;
  const peBar = p.reduce((s, x) => s + x * x, 0);
  if (peBar === 1) return pBar === 1 ? 1 : NaN;
  return (pBar - peBar) / (1 - peBar);
}

/** Fleiss' table from per-rater ratings (rows: raters, columns: items); items need equal counts. */
export function fleissTable(ratings: (Category | null)[][]): number[][] {
  const categories = [...new Set(ratings.flat().filter((x): x is Category => x !== null))];
  const items = ratings[0]?.length ?? 0;
  return Array.from({ length: items }, (_, i) => categories.map((c) => ratings.filter((r) => r[i] === c).length));
}

/**
 * Krippendorff's alpha for nominal data, any number of raters, missing values allowed
 * (rows: raters, columns: units). Units coded by fewer than two raters are not pairable and are
 * left out, as Krippendorff prescribes.
 */
export function krippendorffAlphaNominal(ratings: (Category | null)[][]): number {
  const units = ratings[0]?.length ?? 0;
  // Coincidence matrix o[c][k]: each ordered pair of values within a unit, weighted 1/(m_u - 1).
  const coincidence = new Map<Category, Map<Category, number>>();
  const add = (c: Category, k: Category, w: number) => {
    if (!coincidence.has(c)) coincidence.set(c, new Map());
    coincidence.get(c)!.set(k, (coincidence.get(c)!.get(k) ?? 0) + w);
  };
  for (let u = 0; u < units; u++) {
    const values = ratings.map((r) => r[u]).filter((x): x is Category => x !== null);
    const m = values.length;
    if (m < 2) continue;
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) if (i !== j) add(values[i], values[j], 1 / (m - 1));
  }
  const marginals = new Map<Category, number>();
  let n = 0;
  for (const [c, row] of coincidence) {
    const total = [...row.values()].reduce((s, x) => s + x, 0);
    marginals.set(c, total);
    n += total;
  }
  if (n <= 1) return NaN;
  let observedDisagreement = 0;
  for (const [c, row] of coincidence) for (const [k, o] of row) if (c !== k) observedDisagreement += o;
  let expectedDisagreement = 0;
  for (const [c, nc] of marginals) for (const [k, nk] of marginals) if (c !== k) expectedDisagreement += nc * nk;
  expectedDisagreement /= n - 1;
  if (expectedDisagreement === 0) return observedDisagreement === 0 ? 1 : NaN;
  return 1 - observedDisagreement / expectedDisagreement;
}

export type LabeledSpan = { start: number; end: number; label: string };
export type SpanScores = { precision: number; recall: number; f1: number; truePositives: number; predicted: number; reference: number };

/**
 * Span-level precision, recall and F1 of `predicted` against `reference`: "exact" needs the same
 * offsets and label; "overlap" needs the same label and at least one shared code point. Each
 * reference span is matched at most once: predicted spans in their order, each to the unused
 * overlapping reference span that starts first (then ends first).
 *
 * Near-linear: O((n + m) log n). `work`, when given, counts the steps taken (tests bound it).
 */
export function spanScores(reference: LabeledSpan[], predicted: LabeledSpan[], mode: "exact" | "overlap", work?: { steps: number }): SpanScores {
  let tp = 0;
  if (mode === "exact") {
    // The unused reference spans at each offset pair and label, earliest first: O(n + m).
    const waiting = new Map<string, number>();
    for (const r of reference) {
      const key = `${r.start}:${r.end}:${r.label}`;
      waiting.set(key, (waiting.get(key) ?? 0) + 1);
    }
    for (const p of predicted) {
      const key = `${p.start}:${p.end}:${p.label}`;
      const left = waiting.get(key) ?? 0;
      if (left > 0) {
        waiting.set(key, left - 1);
        tp++;
      }
    }
    if (work) work.steps += reference.length + predicted.length;
  } else {
    // Per label, the reference spans sorted by start in a max-segment tree of their ends (a used
    // span's end drops to -1). The spans starting before p.end are a prefix; the match is the
    // leftmost leaf of that prefix whose end is past p.start — found in O(log n) by descending.
    const byLabel = new Map<string, LabeledSpan[]>();
    for (const r of reference) {
      const list = byLabel.get(r.label) ?? [];
      list.push(r);
      byLabel.set(r.label, list);
    }
    const trees = new Map<string, OverlapTree>();
    for (const [label, spans] of byLabel) trees.set(label, new OverlapTree(spans, work));
    for (const p of predicted) if (trees.get(p.label)?.take(p.start, p.end)) tp++;
  }
  const precision = predicted.length ? tp / predicted.length : NaN;
  const recall = reference.length ? tp / reference.length : NaN;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : predicted.length || reference.length ? 0 : NaN;
  return { precision, recall, f1, truePositives: tp, predicted: predicted.length, reference: reference.length };
}

/** Reference spans of one label, for overlap matching (see spanScores). */
class OverlapTree {
  private readonly starts: number[];
  private readonly maxEnd: Int32Array;
  private readonly size: number;

  constructor(spans: LabeledSpan[], private readonly work?: { steps: number }) {
    const sorted = [...spans].sort((a, b) => a.start - b.start || a.end - b.end);
    this.starts = sorted.map((s) => s.start);
    let size = 1;
    while (size < sorted.length) size *= 2;
    this.size = size;
    this.maxEnd = new Int32Array(2 * size).fill(-1);
    sorted.forEach((s, i) => (this.maxEnd[size + i] = s.end));
    for (let i = size - 1; i >= 1; i--) this.maxEnd[i] = Math.max(this.maxEnd[2 * i], this.maxEnd[2 * i + 1]);
    if (work) work.steps += sorted.length * Math.max(1, Math.log2(size)) + size;
  }

  /** Marks used and reports the first unused span (by start) with start < end and its end > start. */
  take(start: number, end: number): boolean {
    // Spans starting before `end`: indexes [0, limit).
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] < end) lo = mid + 1;
      else hi = mid;
      if (this.work) this.work.steps++;
    }
    const leaf = this.leftmost(1, 0, this.size, lo, start);
    if (leaf < 0) return false;
    let i = this.size + leaf;
    this.maxEnd[i] = -1;
    for (i >>= 1; i >= 1; i >>= 1) {
      this.maxEnd[i] = Math.max(this.maxEnd[2 * i], this.maxEnd[2 * i + 1]);
      if (this.work) this.work.steps++;
    }
    return true;
  }

  /** The leftmost leaf below `node` (covering [from, to)) with index < limit and end > after, or -1. */
  private leftmost(node: number, from: number, to: number, limit: number, after: number): number {
    if (this.work) this.work.steps++;
    if (from >= limit || this.maxEnd[node] <= after) return -1;
    if (to - from === 1) return from;
    const mid = (from + to) >> 1;
    const left = this.leftmost(2 * node, from, mid, limit, after);
    return left >= 0 ? left : this.leftmost(2 * node + 1, mid, to, limit, after);
  }
}
