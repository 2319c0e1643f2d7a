// Optional snapping of a selection to whole words, by Intl.Segmenter's word boundaries (so it
// works for scripts without spaces too). Offsets are code points.

const segmenterCache = new Map<string, Intl.Segmenter>();

export function snapToWords(text: string, start: number, end: number, locale = "en"): { start: number; end: number } {
  let segmenter = segmenterCache.get(locale);
  if (!segmenter) segmenterCache.set(locale, (segmenter = new Intl.Segmenter(locale, { granularity: "word" })));
  const chars = [...text];
  // Look at a window around the span only: segmenting a whole large document per selection is wasteful.
  const from = Math.max(0, start - 64);
  const to = Math.min(chars.length, end + 64);
  const window = chars.slice(from, to).join("");
  let snappedStart = start;
  let snappedEnd = end;
  let cp = from;
  for (const seg of segmenter.segment(window)) {
    const len = [...seg.segment].length;
    const segStart = cp;
    const segEnd = cp + len;
    cp = segEnd;
    if (!seg.isWordLike) continue;
    if (segStart < start && segEnd > start) snappedStart = segStart;
    if (segStart < end && segEnd > end) snappedEnd = segEnd;
  }
  // Leading and trailing white space never belongs to a span.
  while (snappedStart < snappedEnd && /\s/u.test(chars[snappedStart])) snappedStart++;
  while (snappedEnd > snappedStart && /\s/u.test(chars[snappedEnd - 1])) snappedEnd--;
  return { start: snappedStart, end: snappedEnd };
}
