import { listMyAssignments } from "@/lib/server/assignments/list-assignments";
import { withProjectRole } from "@/lib/server/http/route";

// GET /api/projects/[id]/my-assignments — the caller's own queue of assigned documents
export const GET = withProjectRole("VIEWER", async ({ access, userId }) => ({ documents: await listMyAssignments(access.projectId, userId) }));
