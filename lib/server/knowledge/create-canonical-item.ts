import "server-only";
import type { ProjectAccess } from "@/lib/server/authz";
import type { z } from "zod";
import { db } from "@/lib/db";
import type { createCanonicalItemSchema } from "@/lib/schemas/knowledge";
import { checkDate, cleanAliases, ITEM_SELECT, type CanonicalItemWithCounts } from "@/lib/server/knowledge/canonical-items";

/**
 * A new canonical entity, event or claim. Annotators may create items too (the route asks for
 * ANNOTATOR), so that they can link their mentions while annotating; changing, deleting, merging
 * and splitting items is for curators and owners.
 */
export async function createCanonicalItem(access: ProjectAccess, input: z.infer<typeof createCanonicalItemSchema>): Promise<CanonicalItemWithCounts> {
  const { projectId } = access;
  checkDate(input.kind, input.date);
  const item = await db.canonicalItem.create({
    data: {
      projectId,
      kind: input.kind,
      name: input.name,
      aliases: cleanAliases(input.name, input.aliases),
      date: input.kind === "EVENT" ? (input.date ?? null) : null,
      description: input.description,
    },
    select: ITEM_SELECT,
  });
  return { ...item, mentionCount: 0, documentCount: 0 };
}
