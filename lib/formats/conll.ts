// CoNLL-2003-style IOB2 for named-entity training: ENTITY-kind annotations only (claims and events
// are not token-level entities). Per document a `-DOCSTART- -X- -X- O` line, then one
// `token<TAB>tag` line per word and a blank line after each sentence.
//
// - Tokens are lib/agreement/tokens.ts wordTokens (Intl.Segmenter words), the same tokens agreement
//   is computed on; punctuation and emoji are not word-like and are not written.
// - Sentences come from Intl.Segmenter's sentence granularity (a line break also ends one). An
//   entity that crosses a sentence boundary restarts with B- in the next sentence, because IOB2
//   cannot continue a chunk across a blank line; the summary counts these.
// - Overlaps: IOB2 gives each token one tag, so overlapping entities cannot all be kept. Rule: the
//   longest span wins (the outer entity, as flattened nested-NE corpora keep), then the earliest,
//   then the smaller id; any span overlapping a kept one is dropped whole, never cut to a fragment.
//   The summary counts the spans dropped and the token tags they would have set. (Agreement picks
//   the shortest span per token instead: there, the most specific tag is what annotators compare.)
//   Pass one layer per writer: the default export writes one file per annotator (and one for the
//   gold layer), so their spans never compete here. Mixed into one file, annotators' spans overlap
//   each other and are resolved by the same rule, and the file cannot say whose a tag was.
// - A token belongs to a span when they overlap at all; a span that covers no word (only an emoji,
//   say) cannot be written and is counted.
// - Labels: whitespace becomes "_", so `token<TAB>B-Geo_Place` stays two fields.
import { segmentLong } from "@/lib/anchoring/segment-long";
import { OffsetMap } from "@/lib/anchoring/offsets";
import { segmenterLocale } from "@/lib/anchoring/segmenter-locale";
import { wordTokenSteps, type Token } from "@/lib/agreement/tokens";
import { runAtOnce, type Steps } from "@/lib/run-in-slices";
import type { DocumentBatch, ExportAnnotation } from "@/lib/formats/types";
import { underscoreSpaces, type ExportSummary, type TextExportWriter } from "@/lib/formats/writer";
import { lowerBound } from "@/lib/anchoring/lower-bound";

export type ConllOptions = {
  /** Locale for word and sentence segmentation when the document has no language. */
  defaultLocale?: string;
};

export type ConllSummary = ExportSummary & {
  tokens: number;
  sentences: number;
  /** Entity spans left out because a longer (or earlier) overlapping span was kept. */
  spansDropped: number;
  /** Token tags those dropped spans would have set. */
  tokensDropped: number;
  /** Entity spans covering no word token (e.g. only an emoji or punctuation). */
  spansWithoutTokens: number;
  /** Entity spans that continue past a sentence end and restart with B-. */
  spansSplitAtSentence: number;
};

export const DOCSTART = "-DOCSTART- -X- -X- O";

export function createConllWriter({ defaultLocale = "en" }: ConllOptions = {}): TextExportWriter<ConllSummary> {
  const summary: ConllSummary = { documents: 0, annotations: 0, tokens: 0, sentences: 0, spansDropped: 0, tokensDropped: 0, spansWithoutTokens: 0, spansSplitAtSentence: 0 };

  return {
    kind: "text",
    contentType: "text/plain; charset=utf-8",
    extension: "conll",
    summary: () => ({ ...summary }),
    header: () => "",
    footer: () => "",
    batch: (batch: DocumentBatch) => runAtOnce(batchSteps(batch)).join(""),
    batchSteps,
  };

  function* batchSteps({ document, annotations }: DocumentBatch): Steps<string[]> {
    summary.documents++;
    const locale = segmenterLocale(document.language, defaultLocale);
    const tokens = yield* wordTokenSteps(document.text, locale);
    const entities = annotations.filter((a) => a.label.kind === "ENTITY");
    summary.annotations += entities.length;
    const { kept, dropped } = yield* resolveOverlapsSteps(entities);
    summary.spansDropped += dropped.length;
    for (const span of dropped) summary.tokensDropped += tokensIn(tokens, span).length;

    const tags = tokens.map(() => "O");
    for (const [k, span] of kept.entries()) {
      if (k % 5000 === 4999) yield;
      // A word split between two kept spans goes to the first; the other keeps its remaining words.
      const free = tokensIn(tokens, span).filter((i) => tags[i] === "O");
      if (free.length === 0) summary.spansWithoutTokens++;
      free.forEach((i, k) => (tags[i] = `${k === 0 ? "B" : "I"}-${underscoreSpaces(span.label.name)}`));
    }

    const pieces: string[] = [];
    let out = `${DOCSTART}\n\n`;
    let t = 0;
    for (const end of yield* sentenceEnds(document.text, locale)) {
      let lines = "";
      let first = true;
      for (; t < tokens.length && tokens[t].start < end; t++, first = false) {
        let tag = tags[t];
        if (first && tag.startsWith("I-")) {
          tag = `B-${tag.slice(2)}`;
          summary.spansSplitAtSentence++;
        }
        lines += `${tokens[t].text}\t${tag}\n`;
      }
      if (!lines) continue;
      summary.sentences++;
      out += lines + "\n";
      if (out.length > 200_000) {
        pieces.push(out);
        out = "";
        yield;
      }
    }
    summary.tokens += tokens.length;
    pieces.push(out);
    return pieces;
  }
}

/** Longest first, then earliest, then id; a span overlapping any kept span is dropped. */
export const resolveOverlaps = (spans: ExportAnnotation[]) => runAtOnce(resolveOverlapsSteps(spans));

function* resolveOverlapsSteps(spans: ExportAnnotation[]): Steps<{ kept: ExportAnnotation[]; dropped: ExportAnnotation[] }> {
  const byPriority = [...spans].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start || (a.id < b.id ? -1 : 1));
  const kept: ExportAnnotation[] = []; // disjoint, sorted by start
  const dropped: ExportAnnotation[] = [];
  for (const [k, span] of byPriority.entries()) {
    // Inserting into the sorted list moves its tail: a pause every two thousand spans.
    if (k % 2000 === 1999) yield;
    // Kept spans are disjoint, so only the neighbours at the insertion point can overlap.
    const i = lowerBound(kept.length, (k) => kept[k].start < span.start);
    const overlapsBefore = i > 0 && kept[i - 1].end > span.start;
    const overlapsAfter = i < kept.length && kept[i].start < span.end;
    if (overlapsBefore || overlapsAfter) dropped.push(span);
    else kept.splice(i, 0, span);
  }
  return { kept, dropped };
}

/** Indexes of the tokens a span overlaps (tokens are sorted and disjoint). */
function tokensIn(tokens: Token[], span: { start: number; end: number }): number[] {
  const out: number[] = [];
  for (let i = lowerBound(tokens.length, (k) => tokens[k].end <= span.start); i < tokens.length && tokens[i].start < span.end; i++) out.push(i);
  return out;
}

/** Code-point offsets where each sentence ends. */
function* sentenceEnds(text: string, locale: string): Steps<number[]> {
  const map = new OffsetMap(text);
  const ends: number[] = [];
  for (const s of segmentLong(new Intl.Segmenter(locale, { granularity: "sentence" }), text)) {
    if (ends.length % 2000 === 1999) yield;
    ends.push(map.toCodePoint(s.index + s.segment.length));
  }
  return ends;
}


