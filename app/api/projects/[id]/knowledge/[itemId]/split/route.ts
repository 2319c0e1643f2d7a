import { splitCanonicalItemSchema } from "@/lib/schemas/knowledge";
import { created, readJson, withProject } from "@/lib/server/http/route";
import { splitCanonicalItem } from "@/lib/server/knowledge/split-canonical-item";

// POST /api/projects/[id]/knowledge/[itemId]/split — curators move some mentions to a new item of the same kind
export const POST = withProject<{ id: string; itemId: string }>("curate", async ({ req, params, access }) =>
  created(await splitCanonicalItem(access, params.itemId, await readJson(req, splitCanonicalItemSchema))),
);
