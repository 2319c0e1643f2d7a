import "server-only";
import { db } from "@/lib/db";

export type SuggestedLabel = { id: string; name: string; color: string; hotkey: string | null };

/**
 * The label to use for a new mention of each item: the label most used by its live mentions
 * (ties: the label that comes first in the scheme); absent for items with no mention yet.
 */
export async function defaultLabels(itemIds: string[]): Promise<Map<string, SuggestedLabel>> {
  if (itemIds.length === 0) return new Map();
  const groups = await db.annotation.groupBy({
    by: ["canonicalId", "labelId"],
    where: { canonicalId: { in: itemIds }, deletedAt: null },
    _count: { _all: true },
  });
  const labels = await db.label.findMany({
    where: { id: { in: [...new Set(groups.map((g) => g.labelId))] } },
    select: { id: true, name: true, color: true, hotkey: true, position: true },
  });
  const labelById = new Map(labels.map((l) => [l.id, l]));
  const best = new Map<string, { count: number; label: (typeof labels)[number] }>();
  for (const g of groups) {
    const label = labelById.get(g.labelId)!;
    const current = best.get(g.canonicalId!);
    if (!current || g._count._all > current.count || (g._count._all === current.count && label.position < current.label.position)) {
      best.set(g.canonicalId!, { count: g._count._all, label });
    }
  }
  return new Map([...best].map(([itemId, { label }]) => [itemId, { id: label.id, name: label.name, color: label.color, hotkey: label.hotkey }]));
}
