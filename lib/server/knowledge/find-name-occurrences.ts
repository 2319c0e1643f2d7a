// Where known names occur in a text: case- and diacritic-insensitive, whole words only, offsets in
// Unicode code points (end exclusive) like every span in the workbench. Pure and isomorphic.
//
// One pass over the folded text with an Aho–Corasick automaton of every name (aho-corasick.ts): the
// work is linear in the text plus the number of matches, however many names the knowledge base
// holds. Searching name by name (indexOf per name) was names × text.
import { OffsetMap } from "@/lib/anchoring/offsets";
import { CodeUnitAutomaton } from "@/lib/server/knowledge/aho-corasick";
import { foldTextSteps, HARD_BREAK, isMark, normalizeName, SOFT_BREAK, type FoldedText } from "@/lib/server/knowledge/normalize-name";
import { runAtOnce, type Steps } from "@/lib/run-in-slices";

// Scripts written without spaces between words: a name there is not expected to stand between
// separators, so the whole-word rule does not apply at an edge that touches one of them.
const SPACELESS = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/** Names shorter than this (folded) are not searched for: "Un" or "He" would match everywhere. */
export const MIN_NAME_LENGTH = 3;

/** `name` is the first of the given names with this folded form; `key` is that folded form. */
export type NameOccurrence = { start: number; end: number; exact: string; name: string; key: string };

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

/** A compiled set of names, reusable over many texts (build once per knowledge base, not per document). */
export class NameMatcher {
  private matcher: CodeUnitAutomaton | null = null;
  /** Folded form → the first given name with it. */
  private readonly nameOf = new Map<string, string>();
  private keys: string[] = [];

  /** Built at once; `NameMatcher.build` builds in steps (run-in-slices.ts). */
  constructor(names: readonly string[] = []) {
    runAtOnce(this.fill(names));
  }

  static *build(names: readonly string[]): Steps<NameMatcher> {
    const matcher = new NameMatcher();
    yield* matcher.fill(names);
    return matcher;
  }

  private *fill(names: readonly string[]): Steps<void> {
    let count = 0;
    for (const name of names) {
      if ((++count & 0xfff) === 0) yield;
      const key = normalizeName(name);
      if ([...key].length >= MIN_NAME_LENGTH && !this.nameOf.has(key)) this.nameOf.set(key, name);
    }
    this.keys = [...this.nameOf.keys()];
    this.matcher = this.keys.length ? yield* CodeUnitAutomaton.build(this.keys) : null;
  }

  /**
   * Every occurrence of any name in `text`, sorted by start, longer first. A match never crosses
   * a line break, starts and ends on whole words, and includes combining marks that follow its
   * last letter. Overlapping matches of different names are all returned; callers decide which
   * to keep. `limit`: stop after that many occurrences (those ending first in the text), so a
   * caller's work stays bounded however often short names recur.
   */
  find(text: string, prepared?: { folded: FoldedText; map: OffsetMap }, limit = Infinity): NameOccurrence[] {
    return runAtOnce(this.findSteps(text, prepared, limit));
  }

  /** `find` in steps: it pauses every 65,536 characters of the text and every 4,096 occurrences. */
  *findSteps(text: string, prepared?: { folded: FoldedText; map: OffsetMap }, limit = Infinity): Steps<NameOccurrence[]> {
    if (!this.matcher) return [];
    const { folded, origins, apostrophes } = prepared?.folded ?? (yield* foldTextSteps(text));
    const map = prepared?.map ?? new OffsetMap(text);
    const found: NameOccurrence[] = [];
    for (const hit of this.matcher.iterate(folded)) {
      if (!hit) {
        yield;
        continue;
      }
      const key = this.keys[hit.pattern];
      const at = hit.start;
      const after = hit.end;
      const startsWord = apostrophes.has(at) || isEdge(codePointBefore(folded, at), codePointAt(key, 0)!);
      const endsWord = apostrophes.has(after) || isEdge(codePointAt(folded, after), codePointBefore(key, key.length)!);
      if (!startsWord || !endsWord) continue;
      const start = origins[at];
      let end = origins[after - 1] + 1;
      while (end < map.codePointLength && isMark(map.slice(end, end + 1))) end++;
      found.push({ start, end, exact: map.slice(start, end), name: this.nameOf.get(key)!, key });
      if (found.length >= limit) break;
      if ((found.length & 0xfff) === 0) yield;
    }
    return found.sort((a, b) => a.start - b.start || b.end - a.end);
  }
}

/** Every occurrence of any of `names` in `text` (see NameMatcher.find). */
export function findNameOccurrences(text: string, names: readonly string[], prepared?: { folded: FoldedText; map: OffsetMap }): NameOccurrence[] {
  return new NameMatcher(names).find(text, prepared);
}
