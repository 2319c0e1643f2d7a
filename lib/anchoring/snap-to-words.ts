// Optional snapping of a selection to whole words, by Intl.Segmenter's word boundaries (so it
// works for scripts without spaces too). Offsets are code points.
import { OffsetMap } from "@/lib/anchoring/offsets";
import { segmentLong } from "@/lib/anchoring/segment-long";
import { segmenterLocale } from "@/lib/anchoring/segmenter-locale";

const segmenterCache = new Map<string, Intl.Segmenter>();
// Context read on each side: enough for any word, and independent of the document's size.
const WINDOW = 64;

export function snapToWords(map: OffsetMap, start: number, end: number, language = "en"): { start: number; end: number } {
  const locale = segmenterLocale(language);
  let segmenter = segmenterCache.get(locale);
  if (!segmenter) segmenterCache.set(locale, (segmenter = new Intl.Segmenter(locale, { granularity: "word" })));
  const from = Math.max(0, start - WINDOW);
  const to = Math.min(map.codePointLength, end + WINDOW);
  const chars = [...map.slice(from, to)];
  let snappedStart = start;
  let snappedEnd = end;
  let cp = from;
  for (const seg of segmentLong(segmenter, chars.join(""))) {
    const segStart = cp;
    const segEnd = cp + [...seg.segment].length;
    cp = segEnd;
    if (!seg.isWordLike) continue;
    if (segStart < start && segEnd > start) snappedStart = segStart;
    if (segStart < end && segEnd > end) snappedEnd = segEnd;
  }
  // Leading and trailing white space never belongs to a span.
  while (snappedStart < snappedEnd && /\s/u.test(chars[snappedStart - from])) snappedStart++;
  while (snappedEnd > snappedStart && /\s/u.test(chars[snappedEnd - 1 - from])) snappedEnd--;
  return { start: snappedStart, end: snappedEnd };
}
