import { candidatesQuery } from "@/lib/schemas/knowledge";
import { withProject } from "@/lib/server/http/route";
import { suggestCandidates } from "@/lib/server/knowledge/suggest-candidates";

// GET /api/projects/[id]/knowledge/candidates — items a mention's text may refer to (?q=, kind, limit), best match first; `complete` is false when the
// bounded near-match search stopped early (exact and word matches are always found)
export const GET = withProject("read", async ({ req, access }) => {
  const query = candidatesQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
  return suggestCandidates(access, query);
});
