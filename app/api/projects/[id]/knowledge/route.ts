import { createCanonicalItemSchema, listCanonicalItemsQuery } from "@/lib/schemas/knowledge";
import { created, readJson, withProject } from "@/lib/server/http/route";
import { createCanonicalItem } from "@/lib/server/knowledge/create-canonical-item";
import { listCanonicalItems } from "@/lib/server/knowledge/list-canonical-items";

// GET /api/projects/[id]/knowledge — the knowledge base's items (?kind=ENTITY|EVENT|CLAIM) with mention and document counts
export const GET = withProject("read", async ({ req, access }) => {
  const { kind } = listCanonicalItemsQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
  return { items: await listCanonicalItems(access, kind) };
});

// POST /api/projects/[id]/knowledge — create an item (annotators too, so they can link while annotating)
export const POST = withProject("annotate", async ({ req, access }) =>
  created(await createCanonicalItem(access, await readJson(req, createCanonicalItemSchema))),
);
