import { withProject } from "@/lib/server/http/route";
import { listClaimTracker } from "@/lib/server/knowledge/list-claim-tracker";

// GET /api/projects/[id]/claims — canonical claims with wordings, claimants, documents and dates, the most repeated first
export const GET = withProject("read", async ({ access }) => ({ claims: await listClaimTracker(access) }));
