// GET /api/projects/[id]/review-queue — annotations to review (?state=PENDING|ACCEPTED|REJECTED|ALL, documentId, labelId, authorId, limit)
import { withProject } from "@/lib/server/http/route";
import { listReviewQueue, reviewQueueQuery } from "@/lib/server/reviews/list-review-queue";

export const GET = withProject("read", async ({ req, access }) => {
  const query = reviewQueueQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
  return { items: await listReviewQueue(access, query) };
});
