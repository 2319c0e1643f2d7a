import { z } from "zod";
import { createAnnotationSchema } from "@/lib/schemas/annotation";
import { createAnnotationAsMember } from "@/lib/server/annotations/create-annotation";
import { resolveDocument } from "@/lib/server/authz";
import { listAnnotationsAsMember } from "@/lib/server/annotations/list-annotations";
import { json, readJson, withUser } from "@/lib/server/http/route";

const sinceSchema = z.coerce.number().int().min(0).optional();

// GET /api/documents/[id]/annotations — live annotations (?since=N: all changes after cursor N, tombstones included)
export const GET = withUser<{ id: string }>(async ({ req, caller, params }) => {
  const since = sinceSchema.safeParse(new URL(req.url).searchParams.get("since") ?? undefined);
  // A bad cursor is answered only after access is checked, so strangers still get 404 first.
  if (!since.success) {
    await resolveDocument(caller, params.id, "read");
    throw since.error;
  }
  return listAnnotationsAsMember(caller, params.id, since.data);
});

// POST /api/documents/[id]/annotations — create an annotation (idempotent by its client-generated id)
// Membership (a role that may annotate, within an API token's projects) is checked inside the create's one statement; a body that does
// not parse is answered only after access is checked, so strangers still get 404 first.
export const POST = withUser<{ id: string }>(async ({ req, caller, params }) => {
  const input = await readJson(req, createAnnotationSchema).catch(async (error: unknown) => {
    await resolveDocument(caller, params.id, "annotate");
    throw error;
  });
  const { annotation, created } = await createAnnotationAsMember(caller, params.id, input);
  return json(annotation, created ? 201 : 200);
});
