// Agreement as sums that combine: one document's sufficient statistics (token counts, the
// coincidence table, Cohen's and Fleiss' tables, span matches — integers, never ratios), and the
// figures of any set of documents computed from the sum of theirs. A project's agreement is then
// the sum of its documents' stored statistics, and a change to one document recomputes only that
// document's (lib/server/agreement/document-stats.ts).
//
// The figures are exactly those of corpusAgreement / documentAgreement (document-agreement.ts):
// - Krippendorff's alpha (overall and per label): every unit of a document has the same raters
//   (its participants), so its coincidence counts are kept per number of raters m and weighted
//   1/(m − 1) only when combined; "this label or not" is the table collapsed to two values.
// - Fleiss' kappa uses the tokens every counted annotator rated: those of the documents whose
//   participants are exactly the counted annotators, so its table is kept per participant set.
// - Cohen's kappa per pair: matches and both raters' category counts over the tokens both rated.
// - Span F1 per pair: documents never match each other's spans, so true positives add up.
// Sums are integers, so the result does not depend on the order documents are added in.
import { spanScores, type LabeledSpan } from "@/lib/agreement/metrics";
import { tokenLabels, type Token } from "@/lib/agreement/tokens";
import { disagreementRegions, type Figures, type PairFigures } from "@/lib/agreement/document-agreement";

type Counts = Record<string, number>;

export type PairStats = {
  /** Tokens both rated, and on how many they gave the same label. */
  n: number;
  agree: number;
  /** Labels per token of the first (a) and second (b) annotator over those tokens. */
  a: Counts;
  b: Counts;
  /** Spans of each, counted only where both annotated something; matches of b's spans to a's. */
  spansA: number;
  spansB: number;
  exactTp: number;
  overlapTp: number;
};

export type DocumentStats = {
  tokens: number;
  /** Annotators who annotated something here or marked it finished, sorted. */
  participants: string[];
  /** Labels of the spans here, sorted. */
  labels: string[];
  /** Ordered pairs of labels given to the same token by two different participants. */
  coincidence: Record<string, Counts>;
  /** Fleiss: Σ over tokens of (Σ per label of raters² − raters), and labels per token in total. */
  fleiss: { agreement: number; categories: Counts };
  /** Key: pairKey(a, b) with a < b. */
  pairs: Record<string, PairStats>;
  /** How many regions of disagreement (document-agreement.ts disagreementRegions) the document has. */
  disagreementRegions: number;
};

export const pairKey = (a: string, b: string) => JSON.stringify([a, b]);

const bump = (counts: Counts, key: string, by = 1) => (counts[key] = (counts[key] ?? 0) + by);

/**
 * One document's statistics. `spans`: annotator → their spans here (in the order they are
 * matched for span F1); `finished`: annotators who marked it finished.
 */
export function documentStats(tokens: Token[], spans: Map<string, LabeledSpan[]>, finished: Iterable<string> = []): DocumentStats {
  const withSpans = [...spans].filter(([, s]) => s.length > 0);
  const participants = [...new Set([...withSpans.map(([a]) => a), ...finished])].sort();
  const labels = [...new Set(withSpans.flatMap(([, s]) => s.map((x) => x.label)))].sort();
  const rows = participants.map((a) => tokenLabels(tokens, spans.get(a) ?? []));
  const m = participants.length;
  const coincidence: Record<string, Counts> = {};
  const fleiss = { agreement: 0, categories: {} as Counts };
  if (m >= 2) {
    for (let t = 0; t < tokens.length; t++) {
      const perLabel = new Map<string, number>();
      for (const row of rows) perLabel.set(row[t], (perLabel.get(row[t]) ?? 0) + 1);
      let squares = 0;
      for (const [c, nc] of perLabel) {
        squares += nc * nc;
        bump(fleiss.categories, c, nc);
        const row = (coincidence[c] ??= {});
        for (const [k, nk] of perLabel) bump(row, k, c === k ? nc * (nc - 1) : nc * nk);
      }
      fleiss.agreement += squares - m;
    }
  }
  const pairs: Record<string, PairStats> = {};
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      const [ra, rb] = [rows[i], rows[j]];
      const p: PairStats = { n: tokens.length, agree: 0, a: {}, b: {}, spansA: 0, spansB: 0, exactTp: 0, overlapTp: 0 };
      for (let t = 0; t < tokens.length; t++) {
        if (ra[t] === rb[t]) p.agree++;
        bump(p.a, ra[t]);
        bump(p.b, rb[t]);
      }
      const [sa, sb] = [spans.get(participants[i]) ?? [], spans.get(participants[j]) ?? []];
      // Spans are compared only where both annotators annotated something.
      if (sa.length && sb.length) {
        p.spansA = sa.length;
        p.spansB = sb.length;
        p.exactTp = spanScores(sa, sb, "exact").truePositives;
        p.overlapTp = spanScores(sa, sb, "overlap").truePositives;
      }
      pairs[pairKey(participants[i], participants[j])] = p;
    }
  }
  return { tokens: tokens.length, participants, labels, coincidence, fleiss, pairs, disagreementRegions: disagreementRegions(tokens, rows).length };
}

type FleissSums = { subjects: number; agreement: number; categories: Counts };

/** The sum of documents' statistics, added one document at a time (memory: labels² + pairs, not tokens). */
export class AgreementSums {
  tokens = 0;
  /** Annotators who rated at least one token. */
  readonly active = new Set<string>();
  readonly labels = new Set<string>();
  /** raters per unit → coincidence counts. */
  readonly coincidence = new Map<number, Map<string, Counts>>();
  /** participant set (JSON) → Fleiss sums. */
  readonly fleiss = new Map<string, FleissSums>();
  readonly pairs = new Map<string, PairStats>();

  add(doc: DocumentStats): this {
    this.tokens += doc.tokens;
    if (doc.tokens > 0) doc.participants.forEach((a) => this.active.add(a));
    doc.labels.forEach((l) => this.labels.add(l));
    const m = doc.participants.length;
    if (m >= 2 && doc.tokens > 0) {
      const table = this.coincidence.get(m) ?? new Map<string, Counts>();
      this.coincidence.set(m, table);
      for (const [c, row] of Object.entries(doc.coincidence)) {
        const into = table.get(c) ?? {};
        table.set(c, into);
        for (const [k, n] of Object.entries(row)) bump(into, k, n);
      }
      const key = JSON.stringify(doc.participants);
      const f = this.fleiss.get(key) ?? { subjects: 0, agreement: 0, categories: {} };
      this.fleiss.set(key, f);
      f.subjects += doc.tokens;
      f.agreement += doc.fleiss.agreement;
      for (const [c, n] of Object.entries(doc.fleiss.categories)) bump(f.categories, c, n);
    }
    for (const [key, p] of Object.entries(doc.pairs)) {
      const into = this.pairs.get(key) ?? { n: 0, agree: 0, a: {}, b: {}, spansA: 0, spansB: 0, exactTp: 0, overlapTp: 0 };
      this.pairs.set(key, into);
      into.n += p.n;
      into.agree += p.agree;
      for (const [c, n] of Object.entries(p.a)) bump(into.a, c, n);
      for (const [c, n] of Object.entries(p.b)) bump(into.b, c, n);
      into.spansA += p.spansA;
      into.spansB += p.spansB;
      into.exactTp += p.exactTp;
      into.overlapTp += p.overlapTp;
    }
    return this;
  }
}

const sorted = (o: Counts) => Object.keys(o).sort();

/** Krippendorff's alpha (nominal) from coincidence counts per number of raters; `collapse` maps labels to values first. */
function alphaOf(coincidence: Map<number, Map<string, Counts>>, collapse: (label: string) => string = (x) => x): number {
  const o = new Map<string, Map<string, number>>();
  for (const m of [...coincidence.keys()].sort((x, y) => x - y)) {
    const table = coincidence.get(m)!;
    // Sum the integer counts per collapsed pair before dividing, so collapsing loses nothing.
    const counts = new Map<string, Map<string, number>>();
    for (const c of [...table.keys()].sort()) {
      const row = table.get(c)!;
      for (const k of sorted(row)) {
        const [cc, kk] = [collapse(c), collapse(k)];
        if (!counts.has(cc)) counts.set(cc, new Map());
        counts.get(cc)!.set(kk, (counts.get(cc)!.get(kk) ?? 0) + row[k]);
      }
    }
    for (const [c, row] of counts) {
      if (!o.has(c)) o.set(c, new Map());
      for (const [k, n] of row) o.get(c)!.set(k, (o.get(c)!.get(k) ?? 0) + n / (m - 1));
    }
  }
  const marginals = new Map<string, number>();
  let n = 0;
  for (const [c, row] of o) {
    const total = [...row.values()].reduce((s, x) => s + x, 0);
    marginals.set(c, total);
    n += total;
  }
  if (n <= 1) return NaN;
  let observed = 0;
  for (const [c, row] of o) for (const [k, x] of row) if (c !== k) observed += x;
  let expected = 0;
  for (const [c, nc] of marginals) for (const [k, nk] of marginals) if (c !== k) expected += nc * nk;
  expected /= n - 1;
  if (expected === 0) return observed === 0 ? 1 : NaN;
  return 1 - observed / expected;
}

function fleissOf(f: FleissSums | undefined, raters: number): number {
  if (raters < 2 || !f || f.subjects === 0) return NaN;
  let peBar = 0;
  for (const c of sorted(f.categories)) {
    const p = f.categories[c] / (f.subjects * raters);
    peBar += p * p;
  }
  const pBar = f.agreement / (raters * (raters - 1)) / f.subjects;
  if (peBar === 1) return pBar === 1 ? 1 : NaN;
  return (pBar - peBar) / (1 - peBar);
}

function kappaOf(p: PairStats | undefined): number {
  if (!p || p.n === 0) return NaN;
  const observed = p.agree / p.n;
  let expected = 0;
  for (const c of sorted(p.a)) expected += (p.a[c] / p.n) * ((p.b[c] ?? 0) / p.n);
  if (expected === 1) return observed === 1 ? 1 : NaN;
  return (observed - expected) / (1 - expected);
}

function f1Of(tp: number, reference: number, predicted: number): number {
  const precision = predicted ? tp / predicted : NaN;
  const recall = reference ? tp / reference : NaN;
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : predicted || reference ? 0 : NaN;
}

const round = (x: number) => (Number.isFinite(x) ? Math.round(x * 1000) / 1000 : null);

/**
 * The figures of the summed documents. `annotators`: whom they are of — by default those who
 * rated a token anywhere (the corpus figures); a single document's figures name its participants.
 * `precise` leaves the numbers unrounded (for tests against the direct computation).
 */
export function figuresFromSums(sums: AgreementSums, { annotators = [...sums.active].sort(), precise = false }: { annotators?: string[]; precise?: boolean } = {}): Figures {
  const r = precise ? (x: number) => (Number.isFinite(x) ? x : null) : round;
  const pairs: PairFigures[] = [];
  for (let i = 0; i < annotators.length; i++) {
    for (let j = i + 1; j < annotators.length; j++) {
      const [a, b] = [annotators[i], annotators[j]];
      const p = sums.pairs.get(pairKey(a, b));
      pairs.push({
        a,
        b,
        kappa: r(kappaOf(p)) as number,
        exactF1: r(f1Of(p?.exactTp ?? 0, p?.spansA ?? 0, p?.spansB ?? 0)) as number,
        overlapF1: r(f1Of(p?.overlapTp ?? 0, p?.spansA ?? 0, p?.spansB ?? 0)) as number,
      });
    }
  }
  const perLabel: Record<string, number> = {};
  for (const label of [...sums.labels].sort()) perLabel[label] = r(alphaOf(sums.coincidence, (x) => (x === label ? "1" : "0"))) as number;
  return {
    tokens: annotators.length ? sums.tokens : 0,
    annotators,
    fleissKappa: r(fleissOf(sums.fleiss.get(JSON.stringify(annotators)), annotators.length)) as number,
    krippendorffAlpha: r(alphaOf(sums.coincidence)) as number,
    pairs,
    perLabel,
  };
}

/** One document's figures from its statistics (as documentAgreement computes them). */
export const documentFigures = (doc: DocumentStats): Figures => {
  const sums = new AgreementSums().add(doc);
  // A document without tokens still names its participants (the corpus leaves them out).
  return figuresFromSums(sums, { annotators: doc.participants });
};
