// How well a piece of text matches a known name, for ranking "link to…" candidates. Both sides
// are normalized first (normalize-name.ts). Pure and isomorphic.
import { nameTokens, normalizeName } from "@/lib/server/knowledge/normalize-name";

/** Optimal-string-alignment Damerau–Levenshtein distance over code points (a swap of neighbours costs 1). */
export function editDistance(a: string, b: string): number {
  const s = Array.from(a);
  const t = Array.from(b);
  if (s.length === 0) return t.length;
  if (t.length === 0) return s.length;
  let prev2 = new Array<number>(t.length + 1).fill(0);
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = new Array<number>(t.length + 1);
    row[0] = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) row[j] = Math.min(row[j], prev2[j - 2] + 1);
    }
    prev2 = prev;
    prev = row;
  }
  return prev[t.length];
}

/** 1 for equal strings, 0 for nothing in common: 1 − distance / length of the longer. */
export function similarityRatio(a: string, b: string): number {
  const longest = Math.max(Array.from(a).length, Array.from(b).length);
  return longest === 0 ? 1 : 1 - editDistance(a, b) / longest;
}

/** Near matches: a similarity ratio of at least this. */
export const NEAR_RATIO = 0.8;

// Words that carry no identity on their own ("the Supreme Leader" vs "Supreme Leader").
const STOP_WORDS = new Set(["the", "of", "and", "a", "an", "de", "la", "le"]);

export type NameMatch = {
  /** 1 exact; 0.86–0.97 near (spelling); 0.55–0.85 partial (shared words). */
  score: number;
  match: "exact" | "near" | "partial";
};

const tokensEqual = (a: string, b: string) => a === b || (a.length >= 5 && b.length >= 5 && similarityRatio(a, b) >= NEAR_RATIO);

/**
 * How well `query` matches `candidate`, both normalized; null when they do not match at all.
 * Exact: equal after normalization, or equal once spaces are ignored ("Kim Jongun").
 * Near: similar spelling, ratio ≥ 0.8 ("Phyongyang"). Partial: shared words — one name's words all
 * in the other's ("Putin" / "Vladimir Putin"), or at least half of all words shared.
 */
export function scoreNormalizedNames(query: string, candidate: string): NameMatch | null {
  if (query === "" || candidate === "") return null;
  if (query === candidate) return { score: 1, match: "exact" };
  const compactQuery = query.replaceAll(" ", "");
  const compactCandidate = candidate.replaceAll(" ", "");
  if (compactQuery === compactCandidate) return { score: 0.97, match: "exact" };
  let best: NameMatch | null = null;
  // The distance is at least the difference in length: skip the quadratic work when that alone rules a near match out.
  const [lq, lc] = [Array.from(compactQuery).length, Array.from(compactCandidate).length];
  const ratio = Math.abs(lq - lc) / Math.max(lq, lc) > 1 - NEAR_RATIO ? 0 : similarityRatio(compactQuery, compactCandidate);
  if (ratio >= NEAR_RATIO) best = { score: 0.5 + 0.45 * ratio, match: "near" };

  const q = nameTokens(query).filter((t) => !STOP_WORDS.has(t));
  const c = nameTokens(candidate).filter((t) => !STOP_WORDS.has(t));
  if (q.length && c.length) {
    const used = new Set<number>();
    let shared = 0;
    for (const token of q) {
      const at = c.findIndex((other, i) => !used.has(i) && tokensEqual(token, other));
      if (at >= 0) {
        used.add(at);
        shared++;
      }
    }
    const dice = (2 * shared) / (q.length + c.length);
    const contained = shared === Math.min(q.length, c.length);
    if (shared > 0 && (contained || dice >= 0.5)) {
      const partial: NameMatch = { score: 0.55 + 0.3 * dice, match: "partial" };
      if (!best || partial.score > best.score) best = partial;
    }
  }
  return best;
}

/** `scoreNormalizedNames` on raw strings. */
export const scoreNames = (query: string, candidate: string) => scoreNormalizedNames(normalizeName(query), normalizeName(candidate));
