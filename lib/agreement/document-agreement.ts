// Agreement of several annotators on one or more documents, from their spans. Pure: the server
// loads texts and annotations, this computes the figures.
import { cohensKappa, fleissKappa, fleissTable, krippendorffAlphaNominal, spanScores, type LabeledSpan } from "@/lib/agreement/metrics";
import { tokenLabels, wordTokens, type Token } from "@/lib/agreement/tokens";

export type AgreementInput = {
  documents: { id: string; text: string; language?: string | null }[];
  /** annotator id → document id → spans */
  spans: Map<string, Map<string, LabeledSpan[]>>;
  /**
   * document id → annotators who marked it finished. A finished annotator takes part even with no
   * spans: "nothing to tag here" is a judgement (every token outside), not a missing one.
   */
  finished?: Map<string, Set<string>>;
};

export type PairFigures = { a: string; b: string; kappa: number; exactF1: number; overlapF1: number };
export type Figures = {
  tokens: number;
  annotators: string[];
  fleissKappa: number;
  krippendorffAlpha: number;
  pairs: PairFigures[];
  /** Per label: Krippendorff's alpha of "this label or not" per token. */
  perLabel: Record<string, number>;
};
export type DisagreementRegion = { start: number; end: number; agreement: number };

const roundTo3 = (x: number) => (Number.isFinite(x) ? Math.round(x * 1000) / 1000 : null);
// Unrounded, for tests that compare two ways of computing the same figures.
const unrounded = (x: number) => (Number.isFinite(x) ? x : null);

/** An annotator takes part in a document when they annotated something in it or marked it finished. */
function participants(input: AgreementInput, documentId: string): string[] {
  const annotated = [...input.spans.keys()].filter((a) => (input.spans.get(a)?.get(documentId)?.length ?? 0) > 0);
  return [...new Set([...annotated, ...(input.finished?.get(documentId) ?? [])])].sort();
}

function everyAnnotator(input: AgreementInput): string[] {
  const finished = [...(input.finished?.values() ?? [])].flatMap((s) => [...s]);
  return [...new Set([...input.spans.keys(), ...finished])].sort();
}

type DocSpan = LabeledSpan & { doc: string };

function figures(rows: Map<string, (string | null)[]>, spansByAnnotator: Map<string, DocSpan[]>, labels: string[], precise = false): Figures {
  const round = precise ? unrounded : roundTo3;
  const annotators = [...rows.keys()];
  const ratings = annotators.map((a) => rows.get(a)!);
  const tokens = ratings[0]?.length ?? 0;
  // Fleiss needs every token rated by everyone: use the tokens all annotators saw.
  const complete = Array.from({ length: tokens }, (_, i) => i).filter((i) => ratings.every((r) => r[i] !== null));
  const pairs: PairFigures[] = [];
  for (let i = 0; i < annotators.length; i++) {
    for (let j = i + 1; j < annotators.length; j++) {
      const [a, b] = [annotators[i], annotators[j]];
      // Spans are compared only in documents both annotators worked on.
      const docsOf = (x: string) => new Set((spansByAnnotator.get(x) ?? []).map((s) => s.doc));
      const [docsA, docsB] = [docsOf(a), docsOf(b)];
      const sa = (spansByAnnotator.get(a) ?? []).filter((s) => docsB.has(s.doc));
      const sb = (spansByAnnotator.get(b) ?? []).filter((s) => docsA.has(s.doc));
      pairs.push({
        a,
        b,
        kappa: round(cohensKappa(rows.get(a)!, rows.get(b)!)) as number,
        exactF1: round(spanScores(sa, sb, "exact").f1) as number,
        overlapF1: round(spanScores(sa, sb, "overlap").f1) as number,
      });
    }
  }
  const perLabel: Record<string, number> = {};
  for (const label of labels) {
    perLabel[label] = round(krippendorffAlphaNominal(ratings.map((r) => r.map((x) => (x === null ? null : x === label ? 1 : 0))))) as number;
  }
  return {
    tokens,
    annotators,
    fleissKappa: round(annotators.length >= 2 && complete.length ? fleissKappa(fleissTable(ratings.map((r) => complete.map((i) => r[i])))) : NaN) as number,
    krippendorffAlpha: round(krippendorffAlphaNominal(ratings)) as number,
    pairs,
    perLabel,
  };
}

export function documentAgreement(input: AgreementInput, documentId: string, { precise = false }: { precise?: boolean } = {}): { figures: Figures; disagreements: DisagreementRegion[] } {
  const doc = input.documents.find((d) => d.id === documentId)!;
  const tokens = wordTokens(doc.text, doc.language ?? "en");
  const who = participants(input, documentId);
  const rows = new Map<string, (string | null)[]>();
  const spansByAnnotator = new Map<string, DocSpan[]>();
  const labels = new Set<string>();
  for (const a of who) {
    const spans = input.spans.get(a)?.get(documentId) ?? [];
    spans.forEach((s) => labels.add(s.label));
    spansByAnnotator.set(a, spans.map((s) => ({ ...s, doc: documentId })));
    rows.set(a, tokenLabels(tokens, spans));
  }
  return { figures: figures(rows, spansByAnnotator, [...labels].sort(), precise), disagreements: disagreementRegions(tokens, [...rows.values()]) };
}

/** All documents at once; annotators who did not work on a document count as missing there. */
export function corpusAgreement(input: AgreementInput, { precise = false }: { precise?: boolean } = {}): Figures {
  const annotators = everyAnnotator(input);
  const rows = new Map<string, (string | null)[]>(annotators.map((a) => [a, []]));
  const spansByAnnotator = new Map<string, DocSpan[]>(annotators.map((a) => [a, []]));
  const labels = new Set<string>();
  let offset = 0;
  for (const doc of input.documents) {
    const tokens = wordTokens(doc.text, doc.language ?? "en");
    const who = new Set(participants(input, doc.id));
    for (const a of annotators) {
      const spans = input.spans.get(a)?.get(doc.id) ?? [];
      spans.forEach((s) => labels.add(s.label));
      // Offsets shifted per document so spans of different documents never match each other.
      spansByAnnotator.get(a)!.push(...spans.map((s) => ({ ...s, doc: doc.id, start: s.start + offset, end: s.end + offset })));
      rows.get(a)!.push(...(who.has(a) ? tokenLabels(tokens, spans) : tokens.map(() => null)));
    }
    offset += [...doc.text].length + 1;
  }
  const active = new Map([...rows].filter(([, r]) => r.some((x) => x !== null)));
  return figures(active, spansByAnnotator, [...labels].sort(), precise);
}

/**
 * Regions where annotators agree least: per token, the share of annotator pairs giving it the same
 * label; runs of tokens under `threshold` (and touched by at least one annotation) become regions.
 */
export function disagreementRegions(tokens: Token[], rows: (string | null)[][], threshold = 0.5): DisagreementRegion[] {
  const regions: DisagreementRegion[] = [];
  if (rows.length < 2) return regions;
  let open: { start: number; end: number; sum: number; n: number } | null = null;
  tokens.forEach((token, i) => {
    const values = rows.map((r) => r[i]).filter((v): v is string => v !== null);
    let agree = 0;
    let pairs = 0;
    for (let x = 0; x < values.length; x++) {
      for (let y = x + 1; y < values.length; y++) {
        pairs++;
        if (values[x] === values[y]) agree++;
      }
    }
    const score = pairs ? agree / pairs : 1;
    const touched = values.some((v) => v !== "O");
    if (touched && score < threshold) {
      if (open) {
        open.end = token.end;
        open.sum += score;
        open.n++;
      } else open = { start: token.start, end: token.end, sum: score, n: 1 };
    } else if (open) {
      regions.push({ start: open.start, end: open.end, agreement: Math.round((open.sum / open.n) * 1000) / 1000 });
      open = null;
    }
  });
  const last = open as { start: number; end: number; sum: number; n: number } | null;
  if (last) regions.push({ start: last.start, end: last.end, agreement: Math.round((last.sum / last.n) * 1000) / 1000 });
  return regions;
}
