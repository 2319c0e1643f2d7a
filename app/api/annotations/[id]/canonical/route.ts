import { linkCanonicalSchema } from "@/lib/schemas/knowledge";
import { readJson, withUser } from "@/lib/server/http/route";
import { linkAnnotationToCanonical } from "@/lib/server/knowledge/link-annotation";

// PUT /api/annotations/[id]/canonical — link an annotation to a knowledge-base item of its kind, or unlink it ({ canonicalId: null })
export const PUT = withUser<{ id: string }>(async ({ req, params, caller }) => {
  const { canonicalId } = await readJson(req, linkCanonicalSchema);
  return linkAnnotationToCanonical(caller, params.id, canonicalId);
});
