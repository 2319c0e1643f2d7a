// GET /api/projects/[id]/agreement — Fleiss' kappa, Krippendorff's alpha, pairwise kappa and span F1, overall and per document
import { withProjectRole } from "@/lib/server/http/route";
import { projectAgreement } from "@/lib/server/agreement/project-agreement";

export const GET = withProjectRole("CURATOR", async ({ access }) => projectAgreement(access.projectId));
