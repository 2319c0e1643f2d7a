// Names compared the way a reader would: "Kim Jong-un", "KIM JONG UN" and "Kim Jong Un" are one
// name, and so are "P'yŏngyang" and "Pyongyang". Pure and isomorphic (no Prisma, no React), so the
// same folding serves the candidate ranking, the suggestion scan and the tests.
//
// Folding, per code point: NFKD, combining marks dropped (diacritics), lower case, a few letters
// that do not decompose transliterated (ß → ss, ø → o, ł → l …), apostrophes dropped (P'yŏngyang
// → pyongyang), and everything that is not a letter or digit — spaces, hyphens, punctuation,
// emoji — one separator. A line break is a hard separator a name never spans.

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
  origins: number[];
  /** The original text's code points (for extending a match over trailing combining marks). */
  codePoints: string[];
  /** Positions in `folded` where an apostrophe was dropped: "Un's" ends a word as well as "P'yŏngyang" joins one. */
  apostrophes: Set<number>;
};

/** Folds a whole text, remembering where every folded character came from. */
export function foldText(text: string): FoldedText {
  const codePoints = Array.from(text);
  const parts: string[] = [];
  const origins: number[] = [];
  const apostrophes = new Set<number>();
  let last = HARD_BREAK; // the start of the text counts as a break: no leading separator
  for (let i = 0; i < codePoints.length; i++) {
    if (APOSTROPHES.has(codePoints[i])) apostrophes.add(parts.length);
    const folded = foldCodePoint(codePoints[i]);
    for (let k = 0; k < folded.length; k++) {
      const c = folded[k];
      if (c === SOFT_BREAK) {
        if (last === SOFT_BREAK || last === HARD_BREAK) continue;
      } else if (c === HARD_BREAK) {
        if (last === HARD_BREAK) continue;
        if (last === SOFT_BREAK) {
          parts[parts.length - 1] = HARD_BREAK;
          origins[origins.length - 1] = i;
          last = HARD_BREAK;
          continue;
        }
      }
      parts.push(c);
      origins.push(i);
      last = c;
    }
  }
  return { folded: parts.join(""), origins, codePoints, apostrophes };
}

export const isMark = (ch: string | undefined) => ch !== undefined && MARK.test(ch);
