import "server-only";
import type { ProjectAccess } from "@/lib/server/authz";
import type { z } from "zod";
import { db } from "@/lib/db";
import type { updateCanonicalItemSchema } from "@/lib/schemas/knowledge";
import { checkDate, cleanAliases, findProjectItem, ITEM_SELECT, withCounts, type CanonicalItemWithCounts } from "@/lib/server/knowledge/canonical-items";

/** Changes an item's name, aliases, date (events) or description; its mentions stay linked. */
export async function updateCanonicalItem(access: ProjectAccess, itemId: string, input: z.infer<typeof updateCanonicalItemSchema>): Promise<CanonicalItemWithCounts> {
  const { projectId } = access;
  const item = await findProjectItem(projectId, itemId);
  checkDate(item.kind, input.date);
  const name = input.name ?? item.name;
  const updated = await db.canonicalItem.update({
    where: { id: item.id },
    data: {
      name,
      // A renamed item keeps its aliases, minus one now equal to the name.
      aliases: cleanAliases(name, input.aliases ?? item.aliases),
      ...(input.date !== undefined ? { date: input.date } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
    },
    select: ITEM_SELECT,
  });
  return withCounts(access, updated);
}
