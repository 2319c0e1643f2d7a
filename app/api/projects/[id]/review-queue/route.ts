// GET /api/projects/[id]/review-queue — one page of annotations to review (?state=PENDING|ACCEPTED|REJECTED|ALL, documentId, labelId, authorId, limit, offset)
import { withProject } from "@/lib/server/http/route";
import { listReviewQueue, reviewQueueQuery } from "@/lib/server/reviews/list-review-queue";

export const GET = withProject("read", async ({ req, access }) =>
  listReviewQueue(access, reviewQueueQuery.parse(Object.fromEntries(new URL(req.url).searchParams))),
);
