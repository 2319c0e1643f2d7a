import "server-only";
import type { ProjectAccess } from "@/lib/server/authz";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/server/errors";
import { cleanAliases, ITEM_SELECT, lockItems, withCounts, type CanonicalItemWithCounts } from "@/lib/server/knowledge/canonical-items";
import { relinkMentions } from "@/lib/server/knowledge/relink-mentions";

/**
 * Merges other items of the same kind into `targetId`, in one transaction: every mention and
 * suggestion moves to the target (a suggestion the target already has for the same span is kept
 * once), the others' names and aliases become the target's aliases and their external ids the
 * target's (so an import naming one of them links to the merged item), the target keeps its own date
 * and description (taking the first of the others' when it has none), and the others are deleted.
 */
export async function mergeCanonicalItems(
  access: ProjectAccess,
  targetId: string,
  otherIds: string[],
): Promise<{ item: CanonicalItemWithCounts; merged: string[]; moved: number }> {
  const { projectId, userId: actorId } = access;
  const others = [...new Set(otherIds)];
  if (others.includes(targetId)) throw new AppError("INVALID_INPUT", "An item cannot be merged into itself.");
  const result = await db.$transaction(async (tx) => {
    const locked = await lockItems(tx, projectId, [targetId, ...others]);
    if (!locked.has(targetId)) throw notFound("Knowledge-base item not found");
    const missing = others.filter((id) => !locked.has(id));
    if (missing.length) throw notFound(`Not in this project's knowledge base: ${missing.join(", ")}`);
    const items = await tx.canonicalItem.findMany({ where: { id: { in: [targetId, ...others] } }, select: ITEM_SELECT });
    const target = items.find((i) => i.id === targetId)!;
    const merging = others.map((id) => items.find((i) => i.id === id)!);
    const wrongKind = merging.filter((i) => i.kind !== target.kind);
    if (wrongKind.length) {
      throw new AppError("INVALID_INPUT", `Only items of the same kind can be merged: “${target.name}” is ${target.kind.toLowerCase()}, ${wrongKind.map((i) => `“${i.name}” ${i.kind.toLowerCase()}`).join(", ")}.`);
    }

    const documents = await tx.annotation.findMany({ where: { canonicalId: { in: others } }, distinct: ["documentId"], select: { documentId: true } });
    const moved = await relinkMentions(tx, { actorId, where: { canonicalId: { in: others } }, documentIds: documents.map((d) => d.documentId), to: targetId });

    // One suggestion per span and item: drop the others' copies of spans the target (or an
    // earlier of the others) already has, then move the rest. The dropped copies' decisions go to
    // the copy that stays, so what someone rejected is not offered to them again.
    await tx.$executeRaw`
      WITH copies AS (
        SELECT s.id, first_value(s.id) OVER (PARTITION BY s."documentId", s.start, s."end" ORDER BY (s."canonicalId" = ${targetId}::uuid) DESC, s.id) AS kept
        FROM "Suggestion" s WHERE s."canonicalId" = ${targetId}::uuid OR s."canonicalId" = ANY(${others}::uuid[])
      )
      INSERT INTO "SuggestionDecision" (id, "suggestionId", "userId", verdict, "labelId", "annotationId", "createdAt")
      SELECT gen_random_uuid(), c.kept, d."userId", d.verdict, d."labelId", d."annotationId", d."createdAt"
      FROM copies c JOIN "SuggestionDecision" d ON d."suggestionId" = c.id
      WHERE c.id <> c.kept
      ON CONFLICT ("suggestionId", "userId") DO NOTHING`;
    await tx.$executeRaw`
      DELETE FROM "Suggestion" s
      WHERE s."canonicalId" = ANY(${others}::uuid[])
        AND EXISTS (
          SELECT 1 FROM "Suggestion" t
          WHERE t."documentId" = s."documentId" AND t.start = s.start AND t."end" = s."end"
            AND (t."canonicalId" = ${targetId}::uuid OR (t."canonicalId" = ANY(${others}::uuid[]) AND t.id < s.id))
        )`;
    await tx.suggestion.updateMany({ where: { canonicalId: { in: others } }, data: { canonicalId: targetId } });

    const updated = await tx.canonicalItem.update({
      where: { id: targetId },
      data: {
        aliases: cleanAliases(target.name, [...target.aliases, ...merging.flatMap((i) => [i.name, ...i.aliases])]),
        externalIds: [...new Set([...target.externalIds, ...merging.flatMap((i) => i.externalIds)])],
        date: target.date ?? merging.find((i) => i.date)?.date ?? null,
        description: target.description || (merging.find((i) => i.description)?.description ?? ""),
      },
      select: ITEM_SELECT,
    });
    await tx.canonicalItem.deleteMany({ where: { id: { in: others } } });
    return { updated, moved: moved.length };
  });
  return { item: await withCounts(access, result.updated), merged: others, moved: result.moved };
}
