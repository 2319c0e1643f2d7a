// A stretch of text cut where spans begin and end, each piece knowing which spans cover it: what a
// curation row draws so one annotator's nested and overlapping spans show over the same text.
// Offsets are code points; `OffsetMap` does every conversion. Pure.
import type { OffsetMap } from "@/lib/anchoring/offsets";
import { segmentLong } from "@/lib/anchoring/segment-long";

export type LayeredSegment = { start: number; end: number; text: string; ids: string[] };

/** Pieces of [from, to) in order; `ids` lists the covering spans, widest first. */
export function layeredSegments(map: OffsetMap, from: number, to: number, spans: { id: string; start: number; end: number }[]): LayeredSegment[] {
  const cuts = new Set([from, to]);
  for (const s of spans) for (const x of [s.start, s.end]) if (x > from && x < to) cuts.add(x);
  const points = [...cuts].sort((a, b) => a - b);
  const widestFirst = [...spans].sort((a, b) => b.end - b.start - (a.end - a.start));
  return points.slice(0, -1).map((start, i) => {
    const end = points[i + 1];
    return { start, end, text: map.slice(start, end), ids: widestFirst.filter((s) => s.start <= start && s.end >= end).map((s) => s.id) };
  });
}

/**
 * A selection made in a piece of text shown from code point `from`, given as UTF-16 offsets
 * within that piece, as a code-point span of the whole text with surrounding white space left
 * out; null when nothing but white space is selected.
 */
export function selectedSpan(map: OffsetMap, from: number, utf16Start: number, utf16End: number): { start: number; end: number; exact: string } | null {
  const base = map.toUtf16(from);
  const lo = Math.min(utf16Start, utf16End) + base;
  const hi = Math.min(Math.max(utf16Start, utf16End) + base, map.utf16Length);
  let start = map.toCodePoint(lo);
  let end = map.toCodePoint(hi, true);
  const text = map.slice(start, end);
  const lead = text.length - text.trimStart().length;
  const trail = text.length - text.trimEnd().length;
  if (!text.trim()) return null;
  // Trimmed characters are white space, never surrogate pairs: one code point each.
  start += lead;
  end -= trail;
  return { start, end, exact: map.slice(start, end) };
}

/**
 * The span with one edge moved to the previous or next word boundary within [from, to), for a
 * curator correcting a span from the keyboard (selecting text needs a mouse). Words as
 * Intl.Segmenter finds them (CJK by dictionary); null when there is no boundary that way.
 */
export function nudgeSpan(map: OffsetMap, from: number, to: number, span: { start: number; end: number }, edge: "start" | "end", direction: -1 | 1) {
  const base = map.toUtf16(from);
  const words = [...segmentLong(new Intl.Segmenter(undefined, { granularity: "word" }), map.slice(from, to))].filter((s) => s.isWordLike);
  const at = (utf16: number) => map.toCodePoint(base + utf16);
  const edges = words.map((w) => (edge === "start" ? at(w.index) : at(w.index + w.segment.length)));
  const candidates = edge === "start" ? edges.filter((x) => x < span.end) : edges.filter((x) => x > span.start);
  const current = edge === "start" ? span.start : span.end;
  const next = direction < 0 ? candidates.filter((x) => x < current).at(-1) : candidates.find((x) => x > current);
  if (next === undefined) return null;
  const moved = edge === "start" ? { start: next, end: span.end } : { start: span.start, end: next };
  return { ...moved, exact: map.slice(moved.start, moved.end) };
}
