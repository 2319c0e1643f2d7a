// Ranking knowledge-base items against the text of a mention. Pure, so it is tested without a
// database; suggest-candidates.ts feeds it from one.
import { matchBudget, scoreNormalizedNames, type MatchBudget, type NameMatch } from "@/lib/server/knowledge/name-similarity";
import { normalizeName } from "@/lib/server/knowledge/normalize-name";

export type CandidateSource = { id: string; name: string; aliases: string[]; mentionQuotes: string[]; mentionCount: number };

export type RankedCandidate = NameMatch & {
  id: string;
  /** What matched: the item's name, one of its aliases, or the quote of a mention already linked to it. */
  matchedOn: { field: "name" | "alias" | "mention"; text: string };
};

/** Ties at the same score go to the name, then an alias, then a mention quote. */
const FIELD_ORDER = { name: 0, alias: 1, mention: 2 } as const;

/**
 * Near matches (spelling) spend `budget`; once it is spent, items are still found by exact and
 * word matches, and the caller can say the list may be incomplete (budget.cells reached 0 before
 * every comparison was made).
 *
 * Items whose name, aliases or linked mentions match `query`: exact matches first, then near and
 * partial ones by score; at equal scores the item with more mentions first, then by name.
 */
export function rankCandidates(query: string, items: readonly CandidateSource[], limit = 10, budget: MatchBudget = matchBudget()): RankedCandidate[] {
  const q = normalizeName(query);
  if (q === "") return [];
  const ranked: (RankedCandidate & { mentionCount: number; name: string })[] = [];
  for (const item of items) {
    let best: RankedCandidate | null = null;
    const texts: [keyof typeof FIELD_ORDER, string][] = [
      ["name", item.name],
      ...item.aliases.map((a): [keyof typeof FIELD_ORDER, string] => ["alias", a]),
      ...item.mentionQuotes.map((m): [keyof typeof FIELD_ORDER, string] => ["mention", m]),
    ];
    for (const [field, text] of texts) {
      const match = scoreNormalizedNames(q, normalizeName(text), budget);
      if (!match) continue;
      if (!best || match.score > best.score || (match.score === best.score && FIELD_ORDER[field] < FIELD_ORDER[best.matchedOn.field])) {
        best = { ...match, id: item.id, matchedOn: { field, text } };
      }
      if (best.score === 1 && field === "name") break;
    }
    if (best) ranked.push({ ...best, mentionCount: item.mentionCount, name: item.name });
  }
  return ranked
    .sort((a, b) => b.score - a.score || b.mentionCount - a.mentionCount || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map(({ mentionCount: _m, name: _n, ...candidate }) => candidate);
}
