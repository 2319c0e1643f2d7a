// The string-matching recommender (as INCEpTION's): a text a person tagged with a label is proposed
// with that label wherever else it occurs. "The same text" is what the knowledge base treats as the
// same name — case, diacritics and spacing folded (normalizeName), whole words only — so the
// matching reuses the knowledge base's Aho–Corasick NameMatcher. Pure: the caller supplies only
// what the person may see (their own annotations and gold), so nobody else's work leaks.
import { OffsetMap } from "@/lib/anchoring/offsets";
import { NameMatcher } from "@/lib/server/knowledge/find-name-occurrences";
import { foldTextSteps, normalizeName } from "@/lib/server/knowledge/normalize-name";
import { runAtOnce, type Steps } from "@/lib/run-in-slices";

/** A tagged text (an annotation's quote) or a decision on a proposal, with its label. */
export type LabelledText = { labelId: string; exact: string };
export type Verdict = LabelledText & { verdict: "ACCEPTED" | "REJECTED" };
export type Span = { labelId: string; start: number; end: number };
export type MatchProposal = Span & { exact: string; score: number };

/** At most this many distinct texts are learned (a request does bounded work). */
export const MAX_LEARNED_TEXTS = 20_000;
/**
 * At most this many proposals per document and recommender, found among at most
 * MAX_OCCURRENCES occurrences (the first in the text): a document where learned texts recur
 * hundreds of thousands of times (short names in a long text) would otherwise hold the server's
 * thread for seconds at every page open. Issue 18's scale is 10,000 proposals for a 1 MB document.
 */
export const MAX_PROPOSALS = 10_000;
export const MAX_OCCURRENCES = 50_000;

type Tally = { tagged: number; accepted: number; rejected: number };
const keyOf = (labelId: string, exact: string) => `${labelId}\u0000${normalizeName(exact)}`;

/**
 * Score of a text with a label: the share of the person's decisions for it that said yes, where
 * tagging it oneself counts as a yes. Tagged once and never rejected: 1; tagged once, two of its
 * proposals rejected: 1/3.
 */
export const scoreOf = ({ tagged, accepted, rejected }: Tally) => (tagged + accepted) / Math.max(1, tagged + accepted + rejected);

type MatchInput = {
  text: string;
  /** The texts to learn from: annotations the person may see, in the labels the recommender proposes. */
  tagged: LabelledText[];
  /** The person's earlier decisions on proposals (any document), for the score. */
  history: Verdict[];
  /** Spans in this document already annotated (visible to the person) or decided by them: not proposed. */
  skip: Span[];
  minScore: number;
};

export const proposeMatches = (input: MatchInput): MatchProposal[] => runAtOnce(proposeMatchesSteps(input));

/** proposeMatches in steps (run-in-slices.ts): a request runs it in slices between other requests' work. */
export function* proposeMatchesSteps(input: MatchInput): Steps<MatchProposal[]> {
  const tallies = new Map<string, Tally & { labelId: string }>();
  const tally = (labelId: string, exact: string) => {
    const key = keyOf(labelId, exact);
    let t = tallies.get(key);
    if (!t && tallies.size < MAX_LEARNED_TEXTS) tallies.set(key, (t = { labelId, tagged: 0, accepted: 0, rejected: 0 }));
    return t;
  };
  let seen = 0;
  for (const t of input.tagged) {
    if ((++seen & 0xfff) === 0) yield;
    const entry = tally(t.labelId, t.exact);
    if (entry) entry.tagged++;
  }
  // Decisions only adjust the score of texts the person tagged: a rejection alone proposes nothing.
  for (const h of input.history) {
    if ((++seen & 0xfff) === 0) yield;
    const entry = tallies.get(keyOf(h.labelId, h.exact));
    if (entry) entry[h.verdict === "ACCEPTED" ? "accepted" : "rejected"]++;
  }
  const labelsByName = new Map<string, { labelId: string; score: number }[]>();
  for (const [key, t] of tallies) {
    const score = scoreOf(t);
    if (score < input.minScore) continue;
    const name = key.slice(key.indexOf("\u0000") + 1);
    labelsByName.set(name, [...(labelsByName.get(name) ?? []), { labelId: t.labelId, score }]);
  }
  if (labelsByName.size === 0) return [];
  const matcher = yield* NameMatcher.build([...labelsByName.keys()]);
  const occurrences = yield* matcher.findSteps(input.text, { folded: yield* foldTextSteps(input.text), map: new OffsetMap(input.text) }, MAX_OCCURRENCES);

  // One sweep in text order (occurrences come sorted by start, longer first), per label: the
  // furthest end of a skipped span started so far, and of an occurrence seen so far — a span
  // reaching past this one's end contains it. Linear after sorting, however many matches.
  const skipByLabel = new Map<string, Span[]>();
  for (const s of input.skip) {
    const list = skipByLabel.get(s.labelId);
    if (list) list.push(s);
    else skipByLabel.set(s.labelId, [s]);
  }
  for (const list of skipByLabel.values()) list.sort((a, b) => a.start - b.start);
  const sweep = new Map<string, { next: number; skipEnd: number; matchEnd: number }>();
  const proposals: MatchProposal[] = [];
  for (const o of occurrences) {
    for (const { labelId, score } of labelsByName.get(o.key) ?? []) {
      let state = sweep.get(labelId);
      if (!state) sweep.set(labelId, (state = { next: 0, skipEnd: -1, matchEnd: -1 }));
      const skips = skipByLabel.get(labelId) ?? [];
      while (state.next < skips.length && skips[state.next].start <= o.start) state.skipEnd = Math.max(state.skipEnd, skips[state.next++].end);
      const covered = state.skipEnd >= o.end;
      // "Putin" inside "Vladimir Putin" with the same label: the longer match is the proposal.
      const inside = state.matchEnd >= o.end;
      state.matchEnd = Math.max(state.matchEnd, o.end);
      if (!covered && !inside) proposals.push({ labelId, start: o.start, end: o.end, exact: o.exact, score });
      if (proposals.length >= MAX_PROPOSALS) return proposals;
    }
  }
  return proposals;
}

/**
 * Whether a span lies inside one of `spans` with the same label: per label, the spans sorted by
 * start with the furthest end reached so far, so each question is a binary search (a document's
 * 10,000 proposals against thousands of annotations would otherwise compare every pair).
 */
export function coveredBy(spans: Span[]): (span: Span) => boolean {
  const grouped = new Map<string, Span[]>();
  for (const s of spans) {
    const list = grouped.get(s.labelId);
    if (list) list.push(s);
    else grouped.set(s.labelId, [s]);
  }
  const byLabel = new Map<string, { starts: number[]; furthestEnd: number[] }>();
  for (const [labelId, list] of grouped) {
    list.sort((a, b) => a.start - b.start);
    let furthest = -1;
    byLabel.set(labelId, { starts: list.map((s) => s.start), furthestEnd: list.map((s) => (furthest = Math.max(furthest, s.end))) });
  }
  return ({ labelId, start, end }) => {
    const index = byLabel.get(labelId);
    if (!index) return false;
    // The last span starting at or before `start`.
    let lo = 0;
    let hi = index.starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (index.starts[mid] <= start) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found >= 0 && index.furthestEnd[found] >= end;
  };
}
