import { reviewSchema } from "@/lib/schemas/review";
import { findAnnotationForUser } from "@/lib/server/annotations/change-annotation";
import { created, readJson, withUser } from "@/lib/server/http/route";
import { listReviews, reviewAnnotation } from "@/lib/server/reviews/review-annotation";

type P = { id: string };

// GET /api/annotations/[id]/reviews — review state (pending / accepted / rejected) and verdicts
export const GET = withUser<P>(async ({ params, userId }) => {
  const { annotation } = await findAnnotationForUser(userId, params.id);
  return listReviews(annotation.id);
});

// POST /api/annotations/[id]/reviews — accept or reject someone else's annotation {decision, comment?, version}
export const POST = withUser<P>(async ({ req, params, userId }) => created(await reviewAnnotation(userId, params.id, await readJson(req, reviewSchema))));
