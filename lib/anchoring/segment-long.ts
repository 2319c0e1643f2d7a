// Intl.Segmenter over a long text, in pieces. V8's segmenter slows down with the square of the
// string's length: 30,000 words took 12.7 s in one string and 76 ms in 2,000-character pieces.
// Pieces end at a line break or, in a longer line, at white space — after a sentence's closing
// punctuation where there is one — which is a boundary for words and sentences alike, so the
// segments are the ones the whole string would give. Indexes are UTF-16, into the whole text.
// Pure; browser and Node.

export type Segment = { segment: string; index: number; isWordLike?: boolean };

/** Pieces are at most this long, unless a run has no line break and no white space at all. */
export const PIECE = 2_000;

export const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;

/** Where the piece starting at `start` ends (exclusive). */
function pieceEnd(text: string, start: number, granularity: Intl.SegmenterOptions["granularity"]): number {
  const limit = start + PIECE;
  if (limit >= text.length) return text.length;
  const window = text.slice(start, limit);
  const lineBreak = window.lastIndexOf("\n");
  if (lineBreak > 0) return start + lineBreak + 1;
  if (granularity === "sentence") {
    let sentenceEnd = -1;
    for (const m of window.matchAll(/[.!?。！？]["'”’)\]]*\s+/gu)) sentenceEnd = m.index + m[0].length;
    if (sentenceEnd > 0) return start + sentenceEnd;
  }
  const space = window.search(/\s\S*$/u);
  if (space > 0) return start + space + 1;
  // One unbroken run: cut it, but never inside a surrogate pair.
  return isHighSurrogate(text.charCodeAt(limit - 1)) ? limit - 1 : limit;
}

export function* segmentLong(segmenter: Intl.Segmenter, text: string): Generator<Segment> {
  for (const { start, end } of textPieces(text, segmenter.resolvedOptions().granularity)) {
    for (const s of segmenter.segment(text.slice(start, end))) yield { segment: s.segment, index: s.index + start, isWordLike: s.isWordLike };
  }
}

/**
 * The pieces segmentLong works in ([start, end) in UTF-16 units, covering the text in order), for
 * other work that slows down with the length of what it is given (compromise's entity finder).
 */
export function* textPieces(text: string, granularity: Intl.SegmenterOptions["granularity"] = "sentence"): Generator<{ start: number; end: number }> {
  for (let start = 0; start < text.length; ) {
    const end = pieceEnd(text, start, granularity);
    yield { start, end };
    start = end;
  }
}
