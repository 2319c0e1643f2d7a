// Splits a piece of text into marked and unmarked runs for display, from marks given as
// code-point ranges (the search's offsets). `from` is the code-point offset at which `text`
// starts in the text the marks refer to (0 when they are relative to `text` itself).
import { OffsetMap } from "@/lib/anchoring/offsets";

export type Segment = { text: string; marked: boolean };

export function markSegments(text: string, marks: { start: number; end: number }[], from = 0): Segment[] {
  const map = new OffsetMap(text);
  const length = map.codePointLength;
  const ranges = marks
    .map((m) => ({ start: Math.max(0, m.start - from), end: Math.min(length, m.end - from) }))
    .filter((m) => m.end > m.start)
    .sort((a, b) => a.start - b.start);
  const segments: Segment[] = [];
  let at = 0;
  for (const range of ranges) {
    const start = Math.max(range.start, at);
    if (range.end <= start) continue;
    if (start > at) segments.push({ text: map.slice(at, start), marked: false });
    segments.push({ text: map.slice(start, range.end), marked: true });
    at = range.end;
  }
  if (at < length) segments.push({ text: map.slice(at, length), marked: false });
  return segments;
}
