// GET /api/projects/[id]/agreement — Fleiss' kappa, Krippendorff's alpha, pairwise kappa and span F1, overall and per document
import { withProject } from "@/lib/server/http/route";
import { projectAgreement } from "@/lib/server/agreement/project-agreement";

export const GET = withProject("see-progress", async ({ access }) => projectAgreement(access));
