import { listMyAssignments } from "@/lib/server/assignments/list-assignments";
import { withProject } from "@/lib/server/http/route";

// GET /api/projects/[id]/my-assignments — the caller's own queue of assigned documents
export const GET = withProject("read", async ({ access }) => ({ documents: await listMyAssignments(access) }));
