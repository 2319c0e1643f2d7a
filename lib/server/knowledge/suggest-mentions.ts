import "server-only";
import type { ProjectAccess } from "@/lib/server/authz";
import { db } from "@/lib/db";
import { OffsetMap } from "@/lib/anchoring/offsets";
import { findNameOccurrences } from "@/lib/server/knowledge/find-name-occurrences";
import { foldText, normalizeName } from "@/lib/server/knowledge/normalize-name";

const DOCUMENT_BATCH = 20;

export type SuggestMentionsResult = { documents: number; created: number };

/**
 * Offers the places where known canonical entities are named — by their name or an alias, as
 * whole words, ignoring case and diacritics — as OPEN suggestions in the given documents of the
 * project (default: all of them). Skipped: spans already covered by a live annotation linked to
 * that entity, and a match inside a longer match of the same entity ("Putin" within "Vladimir
 * Putin"). A span suggested before is not suggested again, whatever was decided about it. Call it
 * after importing documents, or after adding entities or aliases; running it twice adds nothing.
 * Offsets are Unicode code points into the canonical text, end exclusive.
 */
export async function suggestMentions(access: ProjectAccess, documentIds?: string[]): Promise<SuggestMentionsResult> {
  const { projectId } = access;
  const items = await db.canonicalItem.findMany({ where: { projectId, kind: "ENTITY" }, select: { id: true, name: true, aliases: true } });
  const ids = await db.document.findMany({
    where: { projectId, ...(documentIds ? { id: { in: documentIds } } : {}) },
    orderBy: { id: "asc" },
    select: { id: true },
  });
  if (items.length === 0 || ids.length === 0) return { documents: ids.length, created: 0 };

  // Every distinct folded name, with the items that go by it (two people may share a name).
  const itemsByName = new Map<string, Set<string>>();
  const names: string[] = [];
  for (const item of items) {
    for (const name of [item.name, ...item.aliases]) {
      const key = normalizeName(name);
      if (!itemsByName.has(key)) {
        itemsByName.set(key, new Set());
        names.push(name);
      }
      itemsByName.get(key)!.add(item.id);
    }
  }
  const itemIds = items.map((i) => i.id);

  let created = 0;
  for (let i = 0; i < ids.length; i += DOCUMENT_BATCH) {
    const batch = ids.slice(i, i + DOCUMENT_BATCH).map((d) => d.id);
    const [documents, linked] = await Promise.all([
      db.document.findMany({ where: { id: { in: batch } }, select: { id: true, text: true } }),
      db.annotation.findMany({
        where: { documentId: { in: batch }, deletedAt: null, canonicalId: { in: itemIds } },
        select: { documentId: true, canonicalId: true, start: true, end: true },
      }),
    ]);
    const rows: { projectId: string; documentId: string; canonicalId: string; start: number; end: number; exact: string }[] = [];
    for (const document of documents) {
      const occurrences = findNameOccurrences(document.text, names, { folded: foldText(document.text), map: new OffsetMap(document.text) });
      const covered = linked.filter((a) => a.documentId === document.id);
      const byItem = new Map<string, { start: number; end: number; exact: string }[]>();
      for (const occurrence of occurrences) {
        for (const canonicalId of itemsByName.get(normalizeName(occurrence.name)) ?? []) {
          if (covered.some((a) => a.canonicalId === canonicalId && a.start <= occurrence.start && a.end >= occurrence.end)) continue;
          const list = byItem.get(canonicalId) ?? [];
          list.push(occurrence);
          byItem.set(canonicalId, list);
        }
      }
      for (const [canonicalId, spans] of byItem) {
        for (const span of spans) {
          const inLonger = spans.some((o) => o !== span && o.start <= span.start && o.end >= span.end && o.end - o.start > span.end - span.start);
          const repeated = spans.some((o) => o !== span && o.start === span.start && o.end === span.end && spans.indexOf(o) < spans.indexOf(span));
          if (!inLonger && !repeated) rows.push({ projectId, documentId: document.id, canonicalId, start: span.start, end: span.end, exact: span.exact });
        }
      }
    }
    if (rows.length) created += (await db.suggestion.createMany({ data: rows, skipDuplicates: true })).count;
  }
  return { documents: ids.length, created };
}
