import { reviewSchema } from "@/lib/schemas/review";
import { findAnnotationForUser } from "@/lib/server/annotations/change-annotation";
import { created, readJson, withUser } from "@/lib/server/http/route";
import { listReviews, reviewAnnotation } from "@/lib/server/reviews/review-annotation";

type P = { id: string };

// GET /api/annotations/[id]/reviews — review state (pending / accepted / rejected) and verdicts
export const GET = withUser<P>(async ({ params, caller }) => {
  const { annotation, access } = await findAnnotationForUser(caller, params.id);
  return listReviews(access, annotation.id);
});

// POST /api/annotations/[id]/reviews — accept or reject someone else's annotation {decision, comment?, version}
export const POST = withUser<P>(async ({ req, params, caller }) => created(await reviewAnnotation(caller, params.id, await readJson(req, reviewSchema))));
