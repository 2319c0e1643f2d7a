import "server-only";
import type { ProjectAccess } from "@/lib/server/authz";
import type { z } from "zod";
import { db } from "@/lib/db";
import type { splitCanonicalItemSchema } from "@/lib/schemas/knowledge";
import { AppError, notFound } from "@/lib/server/errors";
import { checkDate, cleanAliases, ITEM_SELECT, lockItems, withCounts, type CanonicalItemWithCounts } from "@/lib/server/knowledge/canonical-items";
import { relinkMentions } from "@/lib/server/knowledge/relink-mentions";

/**
 * Splits mentions off an item into a new item of the same kind (one transaction). Suggestions
 * that were accepted as one of those mentions move along.
 */
export async function splitCanonicalItem(
  access: ProjectAccess,
  itemId: string,
  input: z.infer<typeof splitCanonicalItemSchema>,
): Promise<{ item: CanonicalItemWithCounts; from: CanonicalItemWithCounts; moved: number }> {
  const { projectId, userId: actorId } = access;
  const annotationIds = [...new Set(input.annotationIds)];
  const result = await db.$transaction(async (tx) => {
    if (!(await lockItems(tx, projectId, [itemId])).has(itemId)) throw notFound("Knowledge-base item not found");
    const source = await tx.canonicalItem.findUniqueOrThrow({ where: { id: itemId }, select: ITEM_SELECT });
    checkDate(source.kind, input.date);
    const mentions = await tx.annotation.findMany({ where: { id: { in: annotationIds }, canonicalId: itemId, deletedAt: null }, select: { id: true, documentId: true } });
    if (mentions.length !== annotationIds.length) {
      const known = new Set(mentions.map((m) => m.id));
      throw new AppError("INVALID_INPUT", `Not live mentions of “${source.name}”: ${annotationIds.filter((id) => !known.has(id)).join(", ")}`);
    }
    const created = await tx.canonicalItem.create({
      data: { projectId, kind: source.kind, name: input.name, aliases: cleanAliases(input.name, input.aliases), date: source.kind === "EVENT" ? (input.date ?? null) : null },
      select: ITEM_SELECT,
    });
    const moved = await relinkMentions(tx, {
      actorId,
      where: { id: { in: annotationIds }, canonicalId: itemId },
      documentIds: mentions.map((m) => m.documentId),
      to: created.id,
    });
    await tx.suggestion.updateMany({ where: { canonicalId: itemId, decisions: { some: { annotationId: { in: annotationIds } } } }, data: { canonicalId: created.id } });
    return { created, source, moved: moved.length };
  });
  const [item, from] = await Promise.all([withCounts(access, result.created), withCounts(access, result.source)]);
  return { item, from, moved: result.moved };
}
