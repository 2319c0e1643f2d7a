import { timelineQuery } from "@/lib/schemas/knowledge";
import { withProject } from "@/lib/server/http/route";
import { listTimeline } from "@/lib/server/knowledge/list-timeline";

// GET /api/projects/[id]/timeline — canonical events in time order with their (partial) dates (?participant=<canonical entity id>)
export const GET = withProject("read", async ({ req, access }) =>
  listTimeline(access, timelineQuery.parse(Object.fromEntries(new URL(req.url).searchParams))),
);
