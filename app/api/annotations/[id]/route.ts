import { deleteAnnotationSchema, updateAnnotationSchema } from "@/lib/schemas/annotation";
import { deleteAnnotation, updateAnnotation } from "@/lib/server/annotations/change-annotation";
import { readJson, withUser } from "@/lib/server/http/route";

// PATCH /api/annotations/[id] — change your own annotation; a stale version gets 409 with the current state
export const PATCH = withUser<{ id: string }>(async ({ req, params, caller }) =>
  updateAnnotation(caller, params.id, await readJson(req, updateAnnotationSchema)),
);

// DELETE /api/annotations/[id] — delete your own annotation (a tombstone); body or ?version= carries the version
export const DELETE = withUser<{ id: string }>(async ({ req, params, caller }) => {
  const fromQuery = new URL(req.url).searchParams.get("version");
  const { version } = fromQuery !== null ? deleteAnnotationSchema.parse({ version: Number(fromQuery) }) : await readJson(req, deleteAnnotationSchema);
  return deleteAnnotation(caller, params.id, version);
});
