// Token-level labels for agreement: the text's words (Intl.Segmenter), each labelled with the
// label of the span that covers it, or "O" for none. Offsets are code points.
import { OffsetMap } from "@/lib/anchoring/offsets";
import { segmenterLocale } from "@/lib/anchoring/segmenter-locale";
import type { LabeledSpan } from "@/lib/agreement/metrics";

export type Token = { start: number; end: number; text: string };

export function wordTokens(text: string, locale = "en"): Token[] {
  const map = new OffsetMap(text);
  const tokens: Token[] = [];
  for (const seg of new Intl.Segmenter(segmenterLocale(locale), { granularity: "word" }).segment(text)) {
    if (!seg.isWordLike) continue;
    const start = map.toCodePoint(seg.index);
    tokens.push({ start, end: start + [...seg.segment].length, text: seg.segment });
  }
  return tokens;
}

/**
 * One label per token. Where one annotator's own spans overlap on a token, the shortest span wins
 * (the most specific tag), then the earliest.
 */
export function tokenLabels(tokens: Token[], spans: LabeledSpan[], outside = "O"): string[] {
  const ordered = [...spans].sort((a, b) => a.end - a.start - (b.end - b.start) || a.start - b.start);
  return tokens.map((t) => ordered.find((s) => s.start < t.end && t.start < s.end)?.label ?? outside);
}
