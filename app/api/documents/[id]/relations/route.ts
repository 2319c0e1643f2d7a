import { createRelationSchema } from "@/lib/schemas/relation";
import { created, json, readJson, withDocument } from "@/lib/server/http/route";
import { createRelation, listDocumentRelations } from "@/lib/server/relations/relations";

// GET /api/documents/[id]/relations — the document's live relations
export const GET = withDocument("read", async ({ access }) => ({ relations: await listDocumentRelations(access) }));

// POST /api/documents/[id]/relations — link two annotations {id (UUIDv7), typeId, fromId, toId}: 201, or 200 on a retry
export const POST = withDocument("annotate", async ({ req, access }) => {
  const { relation, created: isNew } = await createRelation(access, await readJson(req, createRelationSchema));
  return isNew ? created(relation) : json(relation);
});
