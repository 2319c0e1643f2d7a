import { withProject } from "@/lib/server/http/route";
import { projectProgress } from "@/lib/server/progress/project-progress";

// GET /api/projects/[id]/progress — the dashboard's figures: progress per annotator and document, labels, review states, agreement over time
export const GET = withProject("see-progress", async ({ access }) => projectProgress(access));
