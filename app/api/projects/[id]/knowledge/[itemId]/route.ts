import { updateCanonicalItemSchema } from "@/lib/schemas/knowledge";
import { itemMentionsQuery } from "@/lib/schemas/page-query";
import { readJson, withProject } from "@/lib/server/http/route";
import { deleteCanonicalItem } from "@/lib/server/knowledge/delete-canonical-item";
import { getCanonicalItem } from "@/lib/server/knowledge/get-canonical-item";
import { updateCanonicalItem } from "@/lib/server/knowledge/update-canonical-item";

type Params = { id: string; itemId: string };

// GET /api/projects/[id]/knowledge/[itemId] — one item with a page of its mentions in context (?offset=, ?limit= ≤ 500, 100 by default), their total and the documents it occurs in
export const GET = withProject<Params>("read", async ({ req, params, access }) =>
  getCanonicalItem(access, params.itemId, itemMentionsQuery.parse(Object.fromEntries(new URL(req.url).searchParams))),
);

// PATCH /api/projects/[id]/knowledge/[itemId] — curators change name, aliases, date (events) or description
export const PATCH = withProject<Params>("curate", async ({ req, params, access }) =>
  updateCanonicalItem(access, params.itemId, await readJson(req, updateCanonicalItemSchema)),
);

// DELETE /api/projects/[id]/knowledge/[itemId] — curators delete an item; its mentions stay, unlinked
export const DELETE = withProject<Params>("curate", async ({ params, access }) => deleteCanonicalItem(access, params.itemId));
