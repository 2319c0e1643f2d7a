// GET /api/annotations/[id]/history — every change to an annotation, oldest first, and the recommender it was accepted from (any member)
import { findAnnotationForUser } from "@/lib/server/annotations/change-annotation";
import { listAnnotationHistory } from "@/lib/server/annotations/history";
import { withUser } from "@/lib/server/http/route";
import { acceptedFrom } from "@/lib/server/recommenders/accepted-from";

export const GET = withUser<{ id: string }>(async ({ params, caller }) => {
  const { annotation } = await findAnnotationForUser(caller, params.id);
  const [history, from] = await Promise.all([listAnnotationHistory(annotation.id), acceptedFrom(annotation.id)]);
  return { history, acceptedFrom: from };
});
