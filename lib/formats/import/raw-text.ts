// Tools that ship the text with the annotations (brat, doccano) count offsets in the raw text as
// they read it: with its byte-order mark, CRLF line ends and whatever Unicode form it came in. We
// store the canonical text (canonical-text.ts), so their offsets are translated here.
import { canonicalizeText, decodeUtf8Text, TextDecodeError } from "@/lib/anchoring/canonical-text";
import { OffsetMap } from "@/lib/anchoring/offsets";
import type { OffsetUnit } from "@/lib/anchoring/reanchor";
import type { FileContent } from "@/lib/formats/import/types";

// An upload is decoded and parsed once: the format's detection keeps what it read for the parser,
// which takes it (and so lets it go: a 30 MB upload's text and JSON are not held twice, nor after).
const decodedBytes = new WeakMap<Uint8Array, { text: string } | { error: string }>();
const parsedJson = new WeakMap<Uint8Array, unknown>();

/**
 * The decoded content (strict UTF-8 for bytes; strings as they are), or why it is not text.
 * `keep`: remembered for the next call on the same bytes (detection, before the parser).
 */
export function decodeContent(content: FileContent, keep = false): { text: string } | { error: string } {
  if (typeof content === "string") return { text: content };
  let decoded = decodedBytes.get(content);
  if (decoded) decodedBytes.delete(content);
  else {
    try {
      decoded = { text: decodeUtf8Text(content) };
    } catch (error) {
      if (!(error instanceof TextDecodeError)) throw error;
      decoded = { error: error.reason };
    }
  }
  if (keep) decodedBytes.set(content, decoded);
  return decoded;
}

/** Lets go of what detection kept of `content` (its format's parser reads the file its own way). */
export function forgetContent(content: FileContent): void {
  if (typeof content === "string") return;
  decodedBytes.delete(content);
  parsedJson.delete(content);
}

/** JSON.parse(text), where `text` is `content` decoded (decodeContent); `keep` as there. Throws JSON.parse's errors. */
export function jsonOfContent(content: FileContent, text: string, keep = false): unknown {
  if (typeof content === "string") return JSON.parse(text);
  let value: unknown;
  if (parsedJson.has(content)) {
    value = parsedJson.get(content);
    parsedJson.delete(content);
  } else value = JSON.parse(text);
  if (keep) parsedJson.set(content, value);
  return value;
}

export type RawText = {
  /** The canonical text: canonicalizeText(raw). */
  text: string;
  /** Length of the raw text in the offsets' unit. */
  rawLength: number;
  /**
   * Raw offset → code point in `text`. Exact wherever the offset falls between characters that
   * canonicalisation kept apart; inside a sequence NFC recomposed it rounds down to the sequence's
   * start (re-anchoring by the quote then settles the span). `roundUp` is for span ends given in
   * UTF-16 that fall inside a surrogate pair.
   */
  toCanonical(rawOffset: number, roundUp?: boolean): number;
  /** The raw text between two raw offsets, in canonical form: what the span quoted. */
  quote(rawStart: number, rawEnd: number): string;
};

// NFC composes a character only with those right before it, and only when it is a combining mark
// or a Hangul medial vowel or final consonant (Unicode's NFC_Quick_Check=Maybe characters). So
// NFC of the text equals NFC of its pieces cut before every other character.
const COMBINES_BACKWARDS = /^[\p{M}\u1160-\u11FF\uD7B0-\uD7FF]/u;

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;
const widthAt = (s: string, i: number) => (isHigh(s.charCodeAt(i)) && isLow(s.charCodeAt(i + 1)) ? 2 : 1);

/** Code point index in NFC(s) of each code point boundary of `s` (length + 1 entries). */
function nfcBoundaries(s: string, codePoints: number, nfc: string): Int32Array {
  const index = new Int32Array(codePoints + 1);
  const pieces: string[] = [];
  let copiedUpTo = 0; // UTF-16 index up to which `s` is in `pieces`
  let out = 0;
  let pieceU = 0;
  let pieceP = 0;
  const cut = (endU: number, endP: number) => {
    if (endU === pieceU) return;
    const piece = s.slice(pieceU, endU);
    const normal = endU - pieceU === 1 && piece.charCodeAt(0) < 0x80 ? piece : piece.normalize("NFC");
    if (normal === piece) {
      for (let p = pieceP; p < endP; p++) index[p] = out + p - pieceP;
      out += endP - pieceP;
    } else {
      for (let p = pieceP; p < endP; p++) index[p] = out;
      out += new OffsetMap(normal).codePointLength;
      pieces.push(s.slice(copiedUpTo, pieceU), normal);
      copiedUpTo = endU;
    }
    pieceU = endU;
    pieceP = endP;
  };
  for (let u = 0, p = 0; u < s.length; p++) {
    const width = widthAt(s, u);
    if (!COMBINES_BACKWARDS.test(s.slice(u, u + width))) cut(u, p);
    u += width;
  }
  cut(s.length, codePoints);
  index[codePoints] = out;
  pieces.push(s.slice(copiedUpTo));
  if (pieces.join("") !== nfc) {
    // Never expected (the cut rule is sound); if it were wrong, offsets would still land near their
    // place, and anchoring by the quote corrects them.
    const ratio = new OffsetMap(nfc).codePointLength / Math.max(1, codePoints);
    for (let p = 0; p <= codePoints; p++) index[p] = Math.round(p * ratio);
  }
  return index;
}

/**
 * How the tool that counted the offsets read line ends: "raw" counts each CR of a CRLF (Java, a
 * browser, Python reading bytes); "universal" is Python's text mode — and brat's own reader —
 * which turns CRLF and lone CR into one LF before counting.
 */
export type NewlineReading = "raw" | "universal";

/** Maps offsets of `original` (counted in `unit`) onto canonicalizeText(original), in code points. */
export function rawText(original: string, unit: OffsetUnit = "codepoint", newlines: NewlineReading = "raw"): RawText {
  const raw = newlines === "universal" ? original.replace(/\r\n?/g, "\n") : original;
  const text = canonicalizeText(raw);
  const rawMap = new OffsetMap(raw);
  // Dropping the BOM and each CRLF's CR, one raw code point at a time.
  const toText = new Int32Array(rawMap.codePointLength + 1);
  let kept = 0;
  let k = 0;
  for (let u = 0; u < raw.length; k++) {
    toText[k] = kept;
    const c = raw.charCodeAt(u);
    if (!(u === 0 && c === 0xfeff) && !(c === 0x0d && raw.charCodeAt(u + 1) === 0x0a)) kept++;
    u += widthAt(raw, u);
  }
  toText[k] = kept;

  const lineFixed = raw.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  if (lineFixed !== text) {
    const nfc = nfcBoundaries(lineFixed, kept, text);
    for (let i = 0; i <= k; i++) toText[i] = nfc[toText[i]];
  }

  const toCodePoint = (offset: number, roundUp: boolean) => (unit === "utf16" ? rawMap.toCodePoint(offset, roundUp) : offset);
  return {
    text,
    rawLength: unit === "utf16" ? rawMap.utf16Length : rawMap.codePointLength,
    toCanonical: (rawOffset, roundUp = false) => toText[toCodePoint(rawOffset, roundUp)],
    quote(rawStart, rawEnd) {
      const from = unit === "utf16" ? rawStart : rawMap.toUtf16(rawStart);
      const to = unit === "utf16" ? rawEnd : rawMap.toUtf16(rawEnd);
      const slice = raw.slice(from, to);
      return (from === 0 ? slice.replace(/^\uFEFF/, "") : slice).replace(/\r\n?/g, "\n").normalize("NFC");
    },
  };
}
