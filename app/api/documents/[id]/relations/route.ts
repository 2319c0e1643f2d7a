import { createRelationSchema } from "@/lib/schemas/relation";
import { created, json, readJson, withDocumentRole } from "@/lib/server/http/route";
import { createRelation, listDocumentRelations } from "@/lib/server/relations/relations";

// GET /api/documents/[id]/relations — the document's live relations
export const GET = withDocumentRole("VIEWER", async ({ access }) => ({ relations: await listDocumentRelations(access.documentId) }));

// POST /api/documents/[id]/relations — link two annotations {id (UUIDv7), typeId, fromId, toId}: 201, or 200 on a retry
export const POST = withDocumentRole("ANNOTATOR", async ({ req, access, userId }) => {
  const { relation, created: isNew } = await createRelation(access, userId, await readJson(req, createRelationSchema));
  return isNew ? created(relation) : json(relation);
});
