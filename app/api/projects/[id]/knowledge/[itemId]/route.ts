import { updateCanonicalItemSchema } from "@/lib/schemas/knowledge";
import { readJson, withProject } from "@/lib/server/http/route";
import { deleteCanonicalItem } from "@/lib/server/knowledge/delete-canonical-item";
import { getCanonicalItem } from "@/lib/server/knowledge/get-canonical-item";
import { updateCanonicalItem } from "@/lib/server/knowledge/update-canonical-item";

type Params = { id: string; itemId: string };

// GET /api/projects/[id]/knowledge/[itemId] — one item with every mention in context and the documents it occurs in
export const GET = withProject<Params>("read", async ({ params, access }) => getCanonicalItem(access, params.itemId));

// PATCH /api/projects/[id]/knowledge/[itemId] — curators change name, aliases, date (events) or description
export const PATCH = withProject<Params>("curate", async ({ req, params, access }) =>
  updateCanonicalItem(access, params.itemId, await readJson(req, updateCanonicalItemSchema)),
);

// DELETE /api/projects/[id]/knowledge/[itemId] — curators delete an item; its mentions stay, unlinked
export const DELETE = withProject<Params>("curate", async ({ params, access }) => deleteCanonicalItem(access, params.itemId));
