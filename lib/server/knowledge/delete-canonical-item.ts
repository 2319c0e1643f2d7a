import "server-only";
import type { ProjectAccess } from "@/lib/server/authz";
import { db } from "@/lib/db";
import { findProjectItem, lockItems } from "@/lib/server/knowledge/canonical-items";
import { relinkMentions } from "@/lib/server/knowledge/relink-mentions";

/**
 * Deletes an item. Its mentions stay as annotations, unlinked — each with a history entry and a
 * live update — and its suggestions go with it.
 */
export async function deleteCanonicalItem(access: ProjectAccess, itemId: string): Promise<{ id: string; unlinked: number }> {
  const { projectId, userId: actorId } = access;
  const item = await findProjectItem(projectId, itemId);
  return db.$transaction(async (tx) => {
    await lockItems(tx, projectId, [item.id]);
    const documents = await tx.annotation.findMany({ where: { canonicalId: item.id }, distinct: ["documentId"], select: { documentId: true } });
    const unlinked = await relinkMentions(tx, { actorId, where: { canonicalId: item.id }, documentIds: documents.map((d) => d.documentId), to: null });
    await tx.canonicalItem.delete({ where: { id: item.id } });
    return { id: item.id, unlinked: unlinked.length };
  });
}
