import "server-only";
import type { ProjectAccess } from "@/lib/server/authz";
import { db } from "@/lib/db";
import type { LabelKind } from "@/lib/generated/prisma/enums";
import { ITEM_SELECT, mentionCounts, type CanonicalItemWithCounts } from "@/lib/server/knowledge/canonical-items";

/** The project's items (of one kind, or all), by name, each with its live mentions and the documents they are in. */
export async function listCanonicalItems(access: ProjectAccess, kind?: LabelKind): Promise<CanonicalItemWithCounts[]> {
  const { projectId } = access;
  const [items, counts] = await Promise.all([
    db.canonicalItem.findMany({ where: { projectId, ...(kind ? { kind } : {}) }, orderBy: [{ kind: "asc" }, { name: "asc" }, { id: "asc" }], select: ITEM_SELECT }),
    mentionCounts(access),
  ]);
  return items.map((item) => ({ ...item, mentionCount: counts.get(item.id)?.mentionCount ?? 0, documentCount: counts.get(item.id)?.documentCount ?? 0 }));
}
