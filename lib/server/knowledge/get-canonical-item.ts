import "server-only";
import { visibleAnnotations, type ProjectAccess } from "@/lib/server/authz";
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

/** One item with every live mention across the corpus (in context) and the documents they occur in. */
export async function getCanonicalItem(access: ProjectAccess, itemId: string) {
  const { projectId } = access;
  const item = await findProjectItem(projectId, itemId);
  const [rows, openSuggestions] = await Promise.all([
    db.annotation.findMany({
      where: { canonicalId: item.id, deletedAt: null, AND: [visibleAnnotations(access)] },
      select: {
        id: true, documentId: true, start: true, end: true, prefix: true, exact: true, suffix: true, gold: true, attributes: true,
        author: { select: { id: true, name: true } },
        label: { select: { id: true, name: true, color: true } },
        document: { select: { title: true, publishedOn: true } },
      },
    }),
    // Open for the caller: decisions are each person's own.
    db.suggestion.count({ where: { canonicalId: item.id, document: { deletedAt: null }, decisions: { none: { userId: access.userId } } } }),
  ]);
  const mentions: ItemMention[] = rows
    .map((r) => ({
      annotationId: r.id, documentId: r.documentId, documentTitle: r.document.title, publishedOn: r.document.publishedOn,
      start: r.start, end: r.end, prefix: r.prefix, exact: r.exact, suffix: r.suffix,
      author: r.author, label: r.label, gold: r.gold, attributes: (r.attributes ?? {}) as Record<string, unknown>,
    }))
    .sort((a, b) => byPublication({ publishedOn: a.publishedOn, title: a.documentTitle }, { publishedOn: b.publishedOn, title: b.documentTitle }) || a.documentId.localeCompare(b.documentId) || a.start - b.start);
  const documents = new Map<string, ItemDocument>();
  for (const m of mentions) {
    const d = documents.get(m.documentId) ?? { id: m.documentId, title: m.documentTitle, publishedOn: m.publishedOn, mentionCount: 0 };
    d.mentionCount++;
    documents.set(m.documentId, d);
  }
  const withCounts: CanonicalItemWithCounts = { ...item, mentionCount: mentions.length, documentCount: documents.size };
  return { item: withCounts, mentions, documents: [...documents.values()], openSuggestions };
}
