import "server-only";
import { visibleAnnotations, type DocumentAccess } from "@/lib/server/authz";
import { db } from "@/lib/db";
import type { LabelKind } from "@/lib/generated/prisma/enums";
import { defaultLabels, type SuggestedLabel } from "@/lib/server/knowledge/default-labels";

export type SuggestionDto = {
  id: string;
  documentId: string;
  canonicalId: string;
  /** Unicode code points into the document's text, end exclusive. */
  start: number;
  end: number;
  exact: string;
  status: "OPEN" | "ACCEPTED" | "REJECTED";
  item: { id: string; name: string; kind: LabelKind };
  /** The label an accept uses unless told otherwise; null when the item has no mention yet (then accept needs a labelId). */
  label: SuggestedLabel | null;
};

/**
 * A document's open suggestions in text order. One whose span has meanwhile been annotated and
 * linked to the same item (by anyone whose work the caller sees) is left out: there is nothing
 * left to suggest.
 */
export async function listDocumentSuggestions(access: DocumentAccess): Promise<SuggestionDto[]> {
  const { documentId } = access;
  const rows = await db.suggestion.findMany({
    where: { documentId, status: "OPEN" },
    orderBy: [{ start: "asc" }, { end: "desc" }, { id: "asc" }],
    select: { id: true, documentId: true, canonicalId: true, start: true, end: true, exact: true, status: true, canonical: { select: { id: true, name: true, kind: true } } },
  });
  if (rows.length === 0) return [];
  const itemIds = [...new Set(rows.map((r) => r.canonicalId))];
  const [linked, labels] = await Promise.all([
    db.annotation.findMany({ where: { documentId, deletedAt: null, canonicalId: { in: itemIds }, AND: [visibleAnnotations(access)] }, select: { canonicalId: true, start: true, end: true } }),
    defaultLabels(itemIds),
  ]);
  return rows
    .filter((s) => !linked.some((a) => a.canonicalId === s.canonicalId && a.start <= s.start && a.end >= s.end))
    .map(({ canonical, ...s }) => ({ ...s, item: canonical, label: labels.get(s.canonicalId) ?? null }));
}
