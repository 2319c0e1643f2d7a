// Offsets are Unicode code points into the canonical text, end exclusive (the W3C
// TextPositionSelector rule, and what Python's text[start:end] means). JavaScript strings index
// UTF-16 code units, so every conversion between the two goes through this module.

/** Characters of context kept on each side of a quote (W3C TextQuoteSelector prefix/suffix). */
export const QUOTE_CONTEXT = 32;

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/**
 * Converts between code-point and UTF-16 offsets of one text in O(log n) per call, after one
 * O(n) pass that records where the surrogate pairs (astral characters such as emoji) are.
 */
export class OffsetMap {
  /** UTF-16 index of the high surrogate of each surrogate pair, ascending. */
  private readonly pairs: number[] = [];
  readonly utf16Length: number;
  readonly codePointLength: number;

  constructor(readonly text: string) {
    for (let i = 0; i < text.length - 1; i++) {
      if (isHigh(text.charCodeAt(i)) && isLow(text.charCodeAt(i + 1))) {
        this.pairs.push(i);
        i++;
      }
    }
    this.utf16Length = text.length;
    this.codePointLength = text.length - this.pairs.length;
  }

  /** Number of pairs whose high surrogate is at a UTF-16 index below `utf16`. */
  private pairsBefore(utf16: number): number {
    let lo = 0;
    let hi = this.pairs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.pairs[mid] < utf16) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Code-point offset → UTF-16 index. */
  toUtf16(codePoint: number): number {
    if (!Number.isInteger(codePoint) || codePoint < 0 || codePoint > this.codePointLength) {
      throw new RangeError(`Offset ${codePoint} is outside the text (0–${this.codePointLength})`);
    }
    // The k-th pair sits at code point pairs[k] - k; count the pairs before `codePoint`.
    let lo = 0;
    let hi = this.pairs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.pairs[mid] - mid < codePoint) lo = mid + 1;
      else hi = mid;
    }
    return codePoint + lo;
  }

  /**
   * UTF-16 index → code-point offset. An index inside a surrogate pair (which a browser selection
   * can produce) belongs to that character: it rounds down, or up with `roundUp` (for span ends).
   */
  toCodePoint(utf16: number, roundUp = false): number {
    if (!Number.isInteger(utf16) || utf16 < 0 || utf16 > this.utf16Length) {
      throw new RangeError(`Index ${utf16} is outside the text (0–${this.utf16Length})`);
    }
    const before = this.pairsBefore(utf16);
    const inside = before > 0 && this.pairs[before - 1] === utf16 - 1;
    const cp = utf16 - before;
    return inside && roundUp ? cp + 1 : cp;
  }

  /** The text between two code-point offsets. */
  slice(start: number, end: number): string {
    return this.text.slice(this.toUtf16(start), this.toUtf16(end));
  }
}

export type TextQuote = { exact: string; prefix: string; suffix: string };
export type TextSpan = { start: number; end: number };

/** The quote of a span with up to QUOTE_CONTEXT code points of context on each side. */
export function quoteOf(map: OffsetMap, { start, end }: TextSpan, context = QUOTE_CONTEXT): TextQuote {
  return {
    exact: map.slice(start, end),
    prefix: map.slice(Math.max(0, start - context), start),
    suffix: map.slice(end, Math.min(map.codePointLength, end + context)),
  };
}

export type SpanProblem =
  | { kind: "invalid"; message: string }
  | { kind: "mismatch"; message: string; actual: string };

/**
 * Checks a span a client sent against the canonical text: offsets in range and non-empty
 * ("invalid"), and the quote it claims equal to the text at that position ("mismatch").
 */
export function checkSpan(map: OffsetMap, span: TextSpan & { exact: string }): SpanProblem | null {
  const { start, end, exact } = span;
  if (!Number.isInteger(start) || !Number.isInteger(end)) return { kind: "invalid", message: "start and end must be whole numbers" };
  if (start < 0 || end > map.codePointLength) {
    return { kind: "invalid", message: `the span ${start}–${end} is outside the text (0–${map.codePointLength} code points)` };
  }
  if (end <= start) return { kind: "invalid", message: `the span ${start}–${end} is empty; end must be greater than start` };
  const actual = map.slice(start, end);
  if (actual !== exact) {
    const show = (s: string) => JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}…` : s);
    return { kind: "mismatch", message: `the quote ${show(exact)} does not match the text at ${start}–${end}, which is ${show(actual)}`, actual };
  }
  return null;
}
