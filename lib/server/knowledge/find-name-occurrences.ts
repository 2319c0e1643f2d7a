// Where known names occur in a text: case- and diacritic-insensitive, whole words only, offsets in
// Unicode code points (end exclusive) like every span in the workbench. Pure and isomorphic.
import { OffsetMap } from "@/lib/anchoring/offsets";
import { foldText, HARD_BREAK, isMark, normalizeName, SOFT_BREAK, type FoldedText } from "@/lib/server/knowledge/normalize-name";

// Scripts written without spaces between words: a name there is not expected to stand between
// separators, so the whole-word rule does not apply at an edge that touches one of them.
const SPACELESS = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/** Names shorter than this (folded) are not searched for: "Un" or "He" would match everywhere. */
export const MIN_NAME_LENGTH = 3;

export type NameOccurrence = { start: number; end: number; exact: string; name: string };

const isBreak = (c: string | undefined) => c === undefined || c === SOFT_BREAK || c === HARD_BREAK;

function codePointBefore(s: string, at: number): string | undefined {
  if (at <= 0) return undefined;
  const low = s.charCodeAt(at - 1);
  if (at >= 2 && low >= 0xdc00 && low <= 0xdfff) return s.slice(at - 2, at);
  return s[at - 1];
}

function codePointAt(s: string, at: number): string | undefined {
  if (at >= s.length) return undefined;
  return String.fromCodePoint(s.codePointAt(at)!);
}

/** A word edge: a separator (or the text's edge) on the outside, or a spaceless script on either side. */
function isEdge(outside: string | undefined, inside: string) {
  return isBreak(outside) || SPACELESS.test(outside!) || SPACELESS.test(inside);
}

/**
 * Every occurrence of any of `names` in `text`. A match never crosses a line break, starts and
 * ends on whole words, and includes combining marks that follow its last letter. Overlapping
 * matches of different names are all returned; callers decide which to keep.
 */
export function findNameOccurrences(text: string, names: readonly string[], prepared?: { folded: FoldedText; map: OffsetMap }): NameOccurrence[] {
  const { folded, origins, codePoints, apostrophes } = prepared?.folded ?? foldText(text);
  const map = prepared?.map ?? new OffsetMap(text);
  const seen = new Set<string>();
  const found: NameOccurrence[] = [];
  for (const name of names) {
    const needle = normalizeName(name);
    if ([...needle].length < MIN_NAME_LENGTH || seen.has(needle)) continue;
    seen.add(needle);
    const first = codePointAt(needle, 0)!;
    const last = codePointBefore(needle, needle.length)!;
    for (let at = folded.indexOf(needle); at !== -1; at = folded.indexOf(needle, at + 1)) {
      const after = at + needle.length;
      const startsWord = apostrophes.has(at) || isEdge(codePointBefore(folded, at), first);
      const endsWord = apostrophes.has(after) || isEdge(codePointAt(folded, after), last);
      if (!startsWord || !endsWord) continue;
      const start = origins[at];
      let end = origins[after - 1] + 1;
      while (isMark(codePoints[end])) end++;
      found.push({ start, end, exact: map.slice(start, end), name });
    }
  }
  return found.sort((a, b) => a.start - b.start || b.end - a.end);
}
