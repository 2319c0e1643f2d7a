import "server-only";
import type { ProjectAccess } from "@/lib/server/authz";
import { db } from "@/lib/db";
import type { LabelKind } from "@/lib/generated/prisma/enums";
import { ITEM_SELECT, mentionCounts, type CanonicalItemWithCounts } from "@/lib/server/knowledge/canonical-items";
import { rankCandidates, type RankedCandidate } from "@/lib/server/knowledge/rank-candidates";

export type Candidate = CanonicalItemWithCounts & Omit<RankedCandidate, "id">;

/**
 * Knowledge-base items a mention's text may refer to ("link to…"), best first: matched against
 * each item's name, aliases and the quotes of the mentions already linked to it, ignoring case,
 * diacritics, punctuation and spacing, with near matches (similar spelling, shared words) after
 * exact ones.
 */
export async function suggestCandidates(access: ProjectAccess, query: { q: string; kind?: LabelKind; limit?: number }): Promise<Candidate[]> {
  const { projectId } = access;
  const where = { projectId, ...(query.kind ? { kind: query.kind } : {}) };
  const [items, quotes, counts] = await Promise.all([
    db.canonicalItem.findMany({ where, select: ITEM_SELECT }),
    db.annotation.groupBy({ by: ["canonicalId", "exact"], where: { projectId, deletedAt: null, canonical: query.kind ? { kind: query.kind } : { isNot: null } } }),
    mentionCounts(projectId),
  ]);
  const quotesByItem = new Map<string, string[]>();
  for (const q of quotes) {
    if (!q.canonicalId) continue;
    const list = quotesByItem.get(q.canonicalId) ?? [];
    list.push(q.exact);
    quotesByItem.set(q.canonicalId, list);
  }
  const byId = new Map(items.map((item) => [item.id, item]));
  const ranked = rankCandidates(
    query.q,
    items.map((item) => ({ id: item.id, name: item.name, aliases: item.aliases, mentionQuotes: quotesByItem.get(item.id) ?? [], mentionCount: counts.get(item.id)?.mentionCount ?? 0 })),
    query.limit ?? 10,
  );
  return ranked.map(({ id, ...match }) => ({
    ...byId.get(id)!,
    mentionCount: counts.get(id)?.mentionCount ?? 0,
    documentCount: counts.get(id)?.documentCount ?? 0,
    ...match,
  }));
}
