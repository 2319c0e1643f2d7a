// Token-level labels for agreement: the text's words (Intl.Segmenter), each labelled with the
// label of the span that covers it, or "O" for none. Offsets are code points.
import { OffsetMap } from "@/lib/anchoring/offsets";
import { segmentLong } from "@/lib/anchoring/segment-long";
import { segmenterLocale } from "@/lib/anchoring/segmenter-locale";
import type { LabeledSpan } from "@/lib/agreement/metrics";
import { runAtOnce, type Steps } from "@/lib/run-in-slices";

export type Token = { start: number; end: number; text: string };

export const wordTokens = (text: string, locale = "en"): Token[] => runAtOnce(wordTokenSteps(text, locale));

/**
 * The same in steps (run-in-slices.ts), pausing every few thousand segments: the segmenter takes
 * about 2.5 µs a segment, so a 5 MB text is some 4 s of work that a request must not do at once.
 */
export function* wordTokenSteps(text: string, locale = "en"): Steps<Token[]> {
  const map = new OffsetMap(text);
  const tokens: Token[] = [];
  let seen = 0;
  for (const seg of segmentLong(new Intl.Segmenter(segmenterLocale(locale), { granularity: "word" }), text)) {
    if (++seen % 2000 === 0) yield;
    if (!seg.isWordLike) continue;
    const start = map.toCodePoint(seg.index);
    tokens.push({ start, end: start + [...seg.segment].length, text: seg.segment });
  }
  return tokens;
}

/** Steps taken by tokenLabels, for tests that bound its work without a clock. */
export const tokenLabelWork = { steps: 0 };

/**
 * One label per token. Where one annotator's own spans overlap on a token, the shortest span wins
 * (the most specific tag), then the earliest. `tokens` are in text order and do not overlap.
 *
 * Spans are taken in that order of priority, each labelling the tokens it overlaps that no span
 * before it took; "the next token nobody took" is a pointer that skips taken runs (union–find with
 * path halving), so the work is O((tokens + spans) log) — asking every span for every token was
 * tokens × spans (30,000 × 5,000 per annotator on a long document).
 */
export function tokenLabels(tokens: Token[], spans: LabeledSpan[], outside = "O"): string[] {
  const labels: string[] = new Array(tokens.length).fill(outside);
  const ordered = [...spans].sort((a, b) => a.end - a.start - (b.end - b.start) || a.start - b.start);
  // next[i]: the first token at or after i that no span has taken yet (tokens.length: none).
  const next = Int32Array.from({ length: tokens.length + 1 }, (_, i) => i);
  const free = (i: number) => {
    while (next[i] !== i) {
      next[i] = next[next[i]];
      i = next[i];
      tokenLabelWork.steps++;
    }
    return i;
  };
  // First token whose end is past `at` (tokens' ends ascend like their starts).
  const firstEndingAfter = (at: number) => {
    let lo = 0;
    let hi = tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      tokenLabelWork.steps++;
      if (tokens[mid].end > at) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  for (const span of ordered) {
    for (let i = free(firstEndingAfter(span.start)); i < tokens.length && tokens[i].start < span.end; i = free(i + 1)) {
      tokenLabelWork.steps++;
      labels[i] = span.label;
      next[i] = i + 1;
    }
  }
  return labels;
}
