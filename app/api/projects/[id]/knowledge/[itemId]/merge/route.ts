import { mergeCanonicalItemsSchema } from "@/lib/schemas/knowledge";
import { readJson, withProject } from "@/lib/server/http/route";
import { mergeCanonicalItems } from "@/lib/server/knowledge/merge-canonical-items";

// POST /api/projects/[id]/knowledge/[itemId]/merge — curators merge other items into this one (mentions, suggestions, names as aliases)
export const POST = withProject<{ id: string; itemId: string }>("curate", async ({ req, params, access }) => {
  const { otherIds } = await readJson(req, mergeCanonicalItemsSchema);
  return mergeCanonicalItems(access, params.itemId, otherIds);
});
