// How well a piece of text matches a known name, for ranking "link to…" candidates. Both sides
// are normalized first (normalize-name.ts). Pure and isomorphic.
import { nameTokens, normalizeName } from "@/lib/server/knowledge/normalize-name";

/** Optimal-string-alignment Damerau–Levenshtein distance over code points (a swap of neighbours costs 1). */
export function editDistance(a: string, b: string): number {
  const s = Array.from(a);
  const t = Array.from(b);
  return boundedDistance(s, t, Math.max(s.length, t.length))!;
}

/**
 * What fuzzy matching may still spend in one request, in cells of the distance table. Names are
 * compared against every item of a knowledge base and the quotes of its mentions; the budget
 * keeps one request's work bounded whatever the project holds (exact and word matches never
 * spend it). `steps` counts what was spent, for tests.
 */
export type MatchBudget = { cells: number; steps: number };
export const matchBudget = (cells = 4_000_000): MatchBudget => ({ cells, steps: 0 });

/**
 * The distance when it is at most `k`, else null: only the band of width 2k+1 around the
 * diagonal is filled (cells outside it are > k anyway), so the work is O(length × k) instead of
 * O(length²).
 */
function boundedDistance(s: readonly string[], t: readonly string[], k: number, budget?: MatchBudget): number | null {
  if (Math.abs(s.length - t.length) > k) return null;
  if (s.length === 0 || t.length === 0) return Math.max(s.length, t.length);
  const cells = s.length * Math.min(t.length, 2 * k + 1);
  if (budget) {
    if (budget.cells < cells) return null;
    budget.cells -= cells;
    budget.steps += cells;
  }
  const BIG = k + 1;
  let prev2 = new Array<number>(t.length + 1).fill(BIG);
  let prev = Array.from({ length: t.length + 1 }, (_, j) => (j <= k ? j : BIG));
  for (let i = 1; i <= s.length; i++) {
    const row = new Array<number>(t.length + 1).fill(BIG);
    row[0] = i <= k ? i : BIG;
    let rowMin = row[0];
    for (let j = Math.max(1, i - k); j <= Math.min(t.length, i + k); j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let value = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) value = Math.min(value, prev2[j - 2] + 1);
      row[j] = Math.min(value, BIG);
      rowMin = Math.min(rowMin, row[j]);
    }
    if (rowMin > k) return null;
    prev2 = prev;
    prev = row;
  }
  return prev[t.length] <= k ? prev[t.length] : null;
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

/** Whether two strings are at least NEAR_RATIO similar, and how similar; null when they are not (or the budget is spent). */
function nearRatio(a: string, b: string, budget?: MatchBudget): number | null {
  const s = Array.from(a);
  const t = Array.from(b);
  const longest = Math.max(s.length, t.length);
  if (longest === 0) return 1;
  const distance = boundedDistance(s, t, Math.floor((1 - NEAR_RATIO) * longest + 1e-9), budget);
  return distance === null ? null : 1 - distance / longest;
}

const tokensEqual = (a: string, b: string, budget?: MatchBudget) => a === b || (a.length >= 5 && b.length >= 5 && nearRatio(a, b, budget) !== null);

/** Words of a name beyond this many are not compared (a name is a few words; a sentence is not a name). */
export const MAX_NAME_WORDS = 12;

/**
 * How well `query` matches `candidate`, both normalized; null when they do not match at all.
 * Exact: equal after normalization, or equal once spaces are ignored ("Kim Jongun").
 * Near: similar spelling, ratio ≥ 0.8 ("Phyongyang"). Partial: shared words — one name's words all
 * in the other's ("Putin" / "Vladimir Putin"), or at least half of all words shared.
 */
export function scoreNormalizedNames(query: string, candidate: string, budget?: MatchBudget): NameMatch | null {
  if (query === "" || candidate === "") return null;
  if (query === candidate) return { score: 1, match: "exact" };
  const compactQuery = query.replaceAll(" ", "");
  const compactCandidate = candidate.replaceAll(" ", "");
  if (compactQuery === compactCandidate) return { score: 0.97, match: "exact" };
  let best: NameMatch | null = null;
  const ratio = nearRatio(compactQuery, compactCandidate, budget);
  if (ratio !== null) best = { score: 0.5 + 0.45 * ratio, match: "near" };

  const q = nameTokens(query).filter((t) => !STOP_WORDS.has(t)).slice(0, MAX_NAME_WORDS);
  const c = nameTokens(candidate).filter((t) => !STOP_WORDS.has(t)).slice(0, MAX_NAME_WORDS);
  if (q.length && c.length) {
    const used = new Set<number>();
    let shared = 0;
    for (const token of q) {
      const at = c.findIndex((other, i) => !used.has(i) && tokensEqual(token, other, budget));
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
