import "server-only";
import { visibleAnnotationsPrismaSql, type ProjectAccess } from "@/lib/server/authz";
import { db } from "@/lib/db";
import type { LabelKind } from "@/lib/generated/prisma/enums";
import { ITEM_SELECT, mentionCounts, type CanonicalItemWithCounts } from "@/lib/server/knowledge/canonical-items";
import { matchBudget } from "@/lib/server/knowledge/name-similarity";
import { rankCandidates, type RankedCandidate } from "@/lib/server/knowledge/rank-candidates";

/** Quotes longer than this are not names (a claim or an event's whole sentence) and are not matched against. */
export const MAX_MENTION_QUOTE = 80;
/** Distinct quotes per item matched against, the most frequent first. */
export const MAX_QUOTES_PER_ITEM = 20;

export type Candidate = CanonicalItemWithCounts & Omit<RankedCandidate, "id">;

/**
 * Knowledge-base items a mention's text may refer to ("link to…"), best first: matched against
 * each item's name, aliases and the quotes of the mentions already linked to it, ignoring case,
 * diacritics, punctuation and spacing, with near matches (similar spelling, shared words) after
 * exact ones.
 */
export async function suggestCandidates(
  access: ProjectAccess,
  query: { q: string; kind?: LabelKind; limit?: number },
): Promise<{ candidates: Candidate[]; complete: boolean }> {
  const { projectId } = access;
  const where = { projectId, ...(query.kind ? { kind: query.kind } : {}) };
  const [items, quotes, counts] = await Promise.all([
    db.canonicalItem.findMany({ where, select: ITEM_SELECT }),
    // Only name-length quotes, a bounded number per item: the ranking's work then depends on the
    // number of items, not on how long or how many the linked annotations are.
    db.$queryRaw<{ canonicalId: string; exact: string }[]>`
      SELECT "canonicalId", exact FROM (
        SELECT a."canonicalId", a.exact,
               row_number() OVER (PARTITION BY a."canonicalId" ORDER BY count(*) DESC, a.exact) AS rank
        FROM "Annotation" a JOIN "CanonicalItem" c ON c.id = a."canonicalId"
        WHERE a."projectId" = ${projectId}::uuid AND a."deletedAt" IS NULL AND char_length(a.exact) <= ${MAX_MENTION_QUOTE}
          AND ${visibleAnnotationsPrismaSql(access, "a")}
          AND (${query.kind ?? null}::text IS NULL OR c.kind::text = ${query.kind ?? null}::text)
        GROUP BY a."canonicalId", a.exact
      ) ranked WHERE rank <= ${MAX_QUOTES_PER_ITEM}`,
    mentionCounts(access),
  ]);
  const quotesByItem = new Map<string, string[]>();
  for (const q of quotes) {
    if (!q.canonicalId) continue;
    const list = quotesByItem.get(q.canonicalId) ?? [];
    list.push(q.exact);
    quotesByItem.set(q.canonicalId, list);
  }
  const byId = new Map(items.map((item) => [item.id, item]));
  const budget = matchBudget();
  const ranked = rankCandidates(
    query.q,
    items.map((item) => ({ id: item.id, name: item.name, aliases: item.aliases, mentionQuotes: quotesByItem.get(item.id) ?? [], mentionCount: counts.get(item.id)?.mentionCount ?? 0 })),
    query.limit ?? 10,
    budget,
  );
  const candidates = ranked.map(({ id, ...match }) => ({
    ...byId.get(id)!,
    mentionCount: counts.get(id)?.mentionCount ?? 0,
    documentCount: counts.get(id)?.documentCount ?? 0,
    ...match,
  }));
  return { candidates, complete: budget.cells > 0 };
}
