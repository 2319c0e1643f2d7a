// GET /api/projects/[id] — one project and the caller's role in it
import { withProjectRole } from "@/lib/server/http/route";
import { getProject } from "@/lib/server/projects/get-project";

export const GET = withProjectRole("VIEWER", async ({ access }) => getProject(access));
