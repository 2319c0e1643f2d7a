// A stretch of text cut where spans begin and end, each piece knowing which spans cover it: what a
// curation row draws so one annotator's nested and overlapping spans show over the same text.
// Offsets are code points; `OffsetMap` does every conversion. Pure.
import type { OffsetMap } from "@/lib/anchoring/offsets";
import { lowerBound } from "@/lib/anchoring/lower-bound";
import { segmentLong } from "@/lib/anchoring/segment-long";

export type LayeredSegment = { start: number; end: number; text: string; ids: string[] };

/**
 * Pieces of [from, to) in order; `ids` lists the covering spans, widest first (equal widths in
 * the order given). One sweep over the cut points keeping the spans open there, so a long span
 * chaining thousands of others costs O(n log n), not a scan of every span per piece.
 */
export function layeredSegments(map: OffsetMap, from: number, to: number, spans: { id: string; start: number; end: number }[]): LayeredSegment[] {
  const cuts = new Set([from, to]);
  for (const s of spans) {
    if (s.start > from && s.start < to) cuts.add(s.start);
    if (s.end > from && s.end < to) cuts.add(s.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const pieces = points.length - 1;
  if (pieces <= 0) return [];
  // A span's rank is its place widest first; the ids of a piece are its open spans by rank.
  const widestFirst = [...spans].sort((a, b) => b.end - b.start - (a.end - a.start));
  // First index whose point is >= x (or > x with `after`).
  const bound = (x: number, after: boolean) => lowerBound(points.length, (i) => points[i] < x || (after && points[i] === x));
  // A span covers piece i when start <= points[i] and points[i + 1] <= end: pieces [open, close).
  const opens = new Int32Array(widestFirst.length).fill(-1);
  const closes = new Int32Array(widestFirst.length);
  const opening = new Int32Array(pieces + 1);
  const closing = new Int32Array(pieces + 1);
  widestFirst.forEach((s, rank) => {
    if (!(s.start < s.end)) return; // empty (or not a number): covers no piece
    const open = bound(s.start, false);
    const close = bound(s.end, true) - 1;
    if (open >= close) return;
    opens[rank] = open;
    closes[rank] = close;
    opening[open]++;
    closing[close]++;
  });
  // Bucket the ranks by the piece where they open and where they close (counting sort).
  const bucket = (at: Int32Array, counts: Int32Array, active: Int32Array) => {
    const first = new Int32Array(pieces + 2);
    for (let i = 0; i <= pieces; i++) first[i + 1] = first[i] + counts[i];
    const ranks = new Int32Array(first[pieces + 1]);
    const next = first.slice();
    for (let rank = 0; rank < widestFirst.length; rank++) if (active[rank] >= 0) ranks[next[at[rank]]++] = rank;
    return { first, ranks };
  };
  const starting = bucket(opens, opening, opens);
  const ending = bucket(closes, closing, opens);
  // Open ranks, ascending, with their ids alongside.
  const openRanks: number[] = [];
  const openIds: string[] = [];
  const place = (rank: number) => lowerBound(openRanks.length, (i) => openRanks[i] < rank);
  const result: LayeredSegment[] = [];
  for (let i = 0; i < pieces; i++) {
    for (let k = ending.first[i]; k < ending.first[i + 1]; k++) {
      const at = place(ending.ranks[k]);
      openRanks.splice(at, 1);
      openIds.splice(at, 1);
    }
    for (let k = starting.first[i]; k < starting.first[i + 1]; k++) {
      const rank = starting.ranks[k];
      const at = place(rank);
      openRanks.splice(at, 0, rank);
      openIds.splice(at, 0, widestFirst[rank].id);
    }
    const start = points[i];
    const end = points[i + 1];
    result.push({ start, end, text: map.slice(start, end), ids: openIds.slice() });
  }
  return result;
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
