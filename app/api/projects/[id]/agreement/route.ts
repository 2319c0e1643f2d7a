// GET /api/projects/[id]/agreement — Fleiss' kappa, Krippendorff's alpha, pairwise kappa and span F1, overall and per document, as last computed by the figures job, with their age and computing/progress
import { withProject } from "@/lib/server/http/route";
import { agreementFigures, asApiAnswer } from "@/lib/server/figures/figures";

export const GET = withProject("see-progress", async ({ access }) => asApiAnswer(await agreementFigures(access)));
