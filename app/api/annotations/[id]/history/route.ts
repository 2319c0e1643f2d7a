// GET /api/annotations/[id]/history — every change to an annotation, oldest first (any member)
import { findAnnotationForUser } from "@/lib/server/annotations/change-annotation";
import { listAnnotationHistory } from "@/lib/server/annotations/history";
import { withUser } from "@/lib/server/http/route";

export const GET = withUser<{ id: string }>(async ({ params, caller }) => {
  const { annotation } = await findAnnotationForUser(caller, params.id);
  return { history: await listAnnotationHistory(annotation.id) };
});
