import { z } from "zod";
import { createAnnotationSchema } from "@/lib/schemas/annotation";
import { createAnnotation } from "@/lib/server/annotations/create-annotation";
import { listDocumentAnnotations } from "@/lib/server/annotations/list-annotations";
import { json, readJson, withDocumentRole } from "@/lib/server/http/route";

const sinceSchema = z.coerce.number().int().min(0).optional();

// GET /api/documents/[id]/annotations — live annotations (?since=N: all changes after cursor N, tombstones included)
export const GET = withDocumentRole("VIEWER", async ({ req, access }) => {
  const since = sinceSchema.parse(new URL(req.url).searchParams.get("since") ?? undefined);
  return listDocumentAnnotations(access.documentId, since);
});

// POST /api/documents/[id]/annotations — create an annotation (idempotent by its client-generated id)
export const POST = withDocumentRole("ANNOTATOR", async ({ req, userId, access }) => {
  const { annotation, created } = await createAnnotation(access, userId, await readJson(req, createAnnotationSchema));
  return json(annotation, created ? 201 : 200);
});
