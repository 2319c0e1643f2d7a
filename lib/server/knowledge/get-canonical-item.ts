import "server-only";
import { visibleAnnotations, visibleAnnotationsPrismaSql, type ProjectAccess } from "@/lib/server/authz";
import { PAGE_SIZES, pageOf, type PageQuery } from "@/lib/schemas/page-query";
import { db } from "@/lib/db";
import { findProjectItem, type CanonicalItemWithCounts } from "@/lib/server/knowledge/canonical-items";
import { byPublication } from "@/lib/server/knowledge/partial-date";

export type ItemMention = {
  annotationId: string;
  documentId: string;
  documentTitle: string;
  publishedOn: string | null;
  start: number;
  end: number;
  /** The mention with up to 32 code points of context on each side, for a keyword-in-context view. */
  prefix: string;
  exact: string;
  suffix: string;
  author: { id: string; name: string };
  label: { id: string; name: string; color: string };
  gold: boolean;
  attributes: Record<string, unknown>;
};

export type ItemDocument = { id: string; title: string; publishedOn: string | null; mentionCount: number };

/** Documents listed with an item: the first this many by publication date; documentCount says how many there are. */
export const ITEM_DOCUMENTS_SHOWN = 200;

/**
 * One item with a page of its live mentions across the corpus (in context, by publication date of
 * their documents), the total, and up to ITEM_DOCUMENTS_SHOWN of the documents they occur in. Counts
 * and the document list are aggregated by PostgreSQL, so no request reads every mention of an item
 * that occurs thousands of times.
 */
export async function getCanonicalItem(access: ProjectAccess, itemId: string, page: PageQuery = { offset: 0, limit: PAGE_SIZES.itemMentions.fallback }) {
  const item = await findProjectItem(access.projectId, itemId);
  const limit = Math.min(page.limit, PAGE_SIZES.itemMentions.max);
  const visible = visibleAnnotationsPrismaSql(access, "a");
  const [rows, [counts], documents, openSuggestions] = await Promise.all([
    db.annotation.findMany({
      where: { canonicalId: item.id, deletedAt: null, AND: [visibleAnnotations(access)] },
      // Publication dates are partial ISO dates (2019, 2019-04, 2019-04-25): as text they sort
      // chronologically, the coarser first. Undated documents last; the id keeps pages apart.
      orderBy: [{ document: { publishedOn: { sort: "asc", nulls: "last" } } }, { document: { title: "asc" } }, { documentId: "asc" }, { start: "asc" }, { id: "asc" }],
      skip: page.offset,
      take: limit,
      select: {
        id: true, documentId: true, start: true, end: true, prefix: true, exact: true, suffix: true, gold: true, attributes: true,
        author: { select: { id: true, name: true } },
        label: { select: { id: true, name: true, color: true } },
        document: { select: { title: true, publishedOn: true } },
      },
    }),
    db.$queryRaw<{ mentions: number; documents: number }[]>`
      SELECT count(*)::int AS mentions, count(DISTINCT a."documentId")::int AS documents
      FROM "Annotation" a WHERE a."canonicalId" = ${item.id}::uuid AND a."deletedAt" IS NULL AND ${visible}`,
    db.$queryRaw<ItemDocument[]>`
      SELECT d.id::text, d.title, d."publishedOn", count(*)::int AS "mentionCount"
      FROM "Annotation" a JOIN "Document" d ON d.id = a."documentId"
      WHERE a."canonicalId" = ${item.id}::uuid AND a."deletedAt" IS NULL AND ${visible}
      GROUP BY d.id ORDER BY d."publishedOn" ASC NULLS LAST, d.title, d.id LIMIT ${ITEM_DOCUMENTS_SHOWN}`,
    // Open for the caller: decisions are each person's own.
    db.suggestion.count({ where: { canonicalId: item.id, document: { deletedAt: null }, decisions: { none: { userId: access.userId } } } }),
  ]);
  const mentions: ItemMention[] = rows.map((r) => ({
    annotationId: r.id, documentId: r.documentId, documentTitle: r.document.title, publishedOn: r.document.publishedOn,
    start: r.start, end: r.end, prefix: r.prefix, exact: r.exact, suffix: r.suffix,
    author: r.author, label: r.label, gold: r.gold, attributes: (r.attributes ?? {}) as Record<string, unknown>,
  }));
  const withCounts: CanonicalItemWithCounts = { ...item, mentionCount: counts.mentions, documentCount: counts.documents };
  return { item: withCounts, mentions, documents: [...documents].sort(byPublication), openSuggestions, ...pageOf({ offset: page.offset, limit }, mentions.length, counts.mentions) };
}
