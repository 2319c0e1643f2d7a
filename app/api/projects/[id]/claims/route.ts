import { claimsQuery } from "@/lib/schemas/page-query";
import { withProject } from "@/lib/server/http/route";
import { listClaimTracker } from "@/lib/server/knowledge/list-claim-tracker";

// GET /api/projects/[id]/claims — a page of canonical claims (?offset=, ?limit= ≤ 100, 20 by default) with wordings, claimants, documents and dates, the most repeated first, and the total
export const GET = withProject("read", async ({ req, access }) =>
  listClaimTracker(access, claimsQuery.parse(Object.fromEntries(new URL(req.url).searchParams))),
);
