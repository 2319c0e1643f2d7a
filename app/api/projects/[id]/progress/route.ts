import { withProject } from "@/lib/server/http/route";
import { asApiAnswer, progressFigures } from "@/lib/server/figures/figures";

// GET /api/projects/[id]/progress — the dashboard's figures (progress per annotator and document, labels, review states, agreement over time) as last computed by the figures job, with their age and computing/progress
export const GET = withProject("see-progress", async ({ access }) => asApiAnswer(await progressFigures(access)));
