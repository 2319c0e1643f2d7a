// Names compared the way a reader would: "Kim Jong-un", "KIM JONG UN" and "Kim Jong Un" are one
// name, and so are "P'yŏngyang" and "Pyongyang". Pure and isomorphic (no Prisma, no React), so the
// same folding serves the candidate ranking, the suggestion scan and the tests.
//
// Folding, per code point: NFKD, combining marks dropped (diacritics), lower case, a few letters
// that do not decompose transliterated (ß → ss, ø → o, ł → l …), apostrophes dropped (P'yŏngyang
// → pyongyang), and everything that is not a letter or digit — spaces, hyphens, punctuation,
// emoji — one separator. A line break is a hard separator a name never spans.

import { runAtOnce, type Steps } from "@/lib/run-in-slices";

const MARK = /\p{M}/u;
const WORD = /[\p{L}\p{N}]/u;
const APOSTROPHES = new Set(["'", "\u2018", "\u2019", "\u02BB", "\u02BC", "\u02BD", "`", "\u00B4", "\u2032"]);
const TRANSLITERATE: Record<string, string> = { ß: "ss", ø: "o", ł: "l", đ: "d", ħ: "h", æ: "ae", œ: "oe", ı: "i", ŀ: "l" };

/** A separator that a folded name may contain (between words). */
export const SOFT_BREAK = " ";
/** A separator no name crosses (a line break in the text). */
export const HARD_BREAK = "\n";

/**
 * One code point folded: "" (dropped), a separator, or lower-case letters and digits (possibly
 * several, possibly with separators between them: "½" → "1 2").
 */
export function foldCodePoint(ch: string): string {
  const code = ch.codePointAt(0)!;
  if (code < 0x80) {
    if ((code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39)) return ch;
    if (code >= 0x41 && code <= 0x5a) return String.fromCharCode(code + 32);
    if (code === 0x0a) return HARD_BREAK;
    return APOSTROPHES.has(ch) ? "" : SOFT_BREAK;
  }
  let out = FOLDED.get(ch);
  if (out === undefined) {
    out = foldOther(ch);
    if (FOLDED.size < MAX_FOLDED) FOLDED.set(ch, out);
  }
  return out;
}

/**
 * Non-ASCII code points already folded: NFKD and two Unicode property tests per code point, where
 * a text uses a few thousand distinct code points at most. A 0.9 MB text in Cyrillic and Hangul
 * folded in 757 ms without it (and without foldText's typed arrays), 171 ms with both. Bounded (a
 * text of every code point).
 */
const FOLDED = new Map<string, string>();
const MAX_FOLDED = 100_000;

function foldOther(ch: string): string {
  if (APOSTROPHES.has(ch)) return "";
  let out = "";
  for (const c of ch.normalize("NFKD").toLowerCase().normalize("NFKD")) {
    if (MARK.test(c)) continue;
    if (WORD.test(c)) out += TRANSLITERATE[c] ?? c;
    else if (!APOSTROPHES.has(c)) out += c === HARD_BREAK || c === "\u2028" || c === "\u2029" ? HARD_BREAK : SOFT_BREAK;
  }
  return out;
}

/** The comparable form of a name: folded, separators collapsed to single spaces, trimmed. */
export function normalizeName(value: string): string {
  let out = "";
  for (const ch of value) out += foldCodePoint(ch);
  return out.replace(/\s+/g, " ").trim();
}

/** The normalized name's words. */
export const nameTokens = (normalized: string): string[] => (normalized === "" ? [] : normalized.split(" "));

export type FoldedText = {
  /** The folded text; separators collapsed, a hard break wins over soft ones next to it. */
  folded: string;
  /** For each UTF-16 unit of `folded`, the code-point offset in the original text it came from. */
  origins: Int32Array;
  /** Positions in `folded` where an apostrophe was dropped: "Un's" ends a word as well as "P'yŏngyang" joins one. */
  apostrophes: Set<number>;
};

const SOFT = SOFT_BREAK.charCodeAt(0);
const HARD = HARD_BREAK.charCodeAt(0);

/**
 * Folds a whole text, remembering where every folded character came from. Written into typed
 * arrays, not pushed and joined: the viewer benchmark's 1 MB text (mostly ASCII) folds in 64 ms,
 * 141 ms before, most of that growing two million-element arrays and joining one of them.
 */
export const foldText = (text: string): FoldedText => runAtOnce(foldTextSteps(text));

/** foldText in steps: it pauses every 65,536 code points (run-in-slices.ts). */
export function* foldTextSteps(text: string): Steps<FoldedText> {
  // Folding may lengthen a code point ("ß" → "ss", "ﬃ" → "ffi"): the arrays grow when they must.
  let units = new Uint16Array(text.length + 16);
  let origins = new Int32Array(text.length + 16);
  let n = 0;
  const apostrophes = new Set<number>();
  let last = HARD; // the start of the text counts as a break: no leading separator
  const put = (c: number, i: number) => {
    if (c === SOFT) {
      if (last === SOFT || last === HARD) return;
    } else if (c === HARD) {
      if (last === HARD) return;
      if (last === SOFT) {
        units[n - 1] = HARD;
        origins[n - 1] = i;
        last = HARD;
        return;
      }
    }
    units[n] = c;
    origins[n++] = i;
    last = c;
  };
  // `i` counts code points, `j` UTF-16 units (no array of the text's code points: 3 MB took 87 ms
  // to split into one, in one piece).
  for (let i = 0, j = 0; j < text.length; i++) {
    if ((i & 0xffff) === 0xffff) yield;
    const code = text.charCodeAt(j);
    // A surrogate pair is one code point; a lone surrogate is one too (as Array.from and OffsetMap count).
    const low = code >= 0xd800 && code <= 0xdbff ? text.charCodeAt(j + 1) : 0;
    const ch = low >= 0xdc00 && low <= 0xdfff ? text.slice(j, j + 2) : text[j];
    j += ch.length;
    if (n + 4 > units.length) {
      units = grow(units, new Uint16Array(2 * n + 8));
      origins = grow(origins, new Int32Array(2 * n + 8));
    }
    // ASCII (most of most texts) folded here, as foldCodePoint does, without its call.
    if (code < 0x80) {
      if ((code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39)) put(code, i);
      else if (code >= 0x41 && code <= 0x5a) put(code + 32, i);
      else if (code === 0x0a) put(HARD, i);
      else if (APOSTROPHES.has(ch)) apostrophes.add(n);
      else put(SOFT, i);
      continue;
    }
    if (APOSTROPHES.has(ch)) apostrophes.add(n);
    const folded = foldCodePoint(ch);
    if (n + folded.length > units.length) {
      units = grow(units, new Uint16Array(2 * (n + folded.length)));
      origins = grow(origins, new Int32Array(2 * (n + folded.length)));
    }
    for (let k = 0; k < folded.length; k++) put(folded.charCodeAt(k), i);
  }
  let folded = "";
  for (let k = 0; k < n; k += 8192) {
    if ((k & 0xffff) === 0) yield;
    folded += String.fromCharCode(...units.subarray(k, Math.min(n, k + 8192)));
  }
  return { folded, origins: origins.subarray(0, n), apostrophes };
}

function grow<T extends Uint16Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

export const isMark = (ch: string | undefined) => ch !== undefined && MARK.test(ch);
