import "server-only";
import { db } from "@/lib/db";
import type { LabelKind } from "@/lib/generated/prisma/enums";
import { visibleAnnotations, type ProjectAccess } from "@/lib/server/authz";

export type SuggestedLabel = { id: string; name: string; color: string; hotkey: string | null };

/**
 * The label the knowledge base offers a new mention of each item with, for this person: the label
 * most used by the item's live mentions that they may see (their own and gold under independent
 * annotation — others' labels would tell them what others annotated), ties to the label first in
 * the scheme; else the first label of the item's kind in the scheme. Absent only when the
 * project has no label of that kind.
 */
export async function defaultLabels(access: ProjectAccess, items: readonly { id: string; kind: LabelKind }[]): Promise<Map<string, SuggestedLabel>> {
  if (items.length === 0) return new Map();
  const { projectId } = access;
  const [groups, labels] = await Promise.all([
    db.annotation.groupBy({
      by: ["canonicalId", "labelId"],
      where: { projectId, canonicalId: { in: items.map((i) => i.id) }, deletedAt: null, AND: [visibleAnnotations(access)] },
      _count: { _all: true },
    }),
    db.label.findMany({ where: { projectId }, orderBy: [{ position: "asc" }, { name: "asc" }], select: { id: true, name: true, color: true, hotkey: true, position: true, kind: true } }),
  ]);
  const labelById = new Map(labels.map((l) => [l.id, l]));
  const best = new Map<string, { count: number; label: (typeof labels)[number] }>();
  for (const g of groups) {
    const label = labelById.get(g.labelId);
    if (!label) continue;
    const current = best.get(g.canonicalId!);
    if (!current || g._count._all > current.count || (g._count._all === current.count && label.position < current.label.position)) {
      best.set(g.canonicalId!, { count: g._count._all, label });
    }
  }
  const firstOfKind = (kind: LabelKind) => labels.find((l) => l.kind === kind);
  const chosen = new Map<string, SuggestedLabel>();
  for (const item of items) {
    const label = best.get(item.id)?.label ?? firstOfKind(item.kind);
    if (label) chosen.set(item.id, { id: label.id, name: label.name, color: label.color, hotkey: label.hotkey });
  }
  return chosen;
}
