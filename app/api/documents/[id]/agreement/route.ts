// GET /api/documents/[id]/agreement — one document's agreement figures and the regions of lowest agreement, as last computed by the figures job, with their age and computing/progress
import { withDocument } from "@/lib/server/http/route";
import { asApiAnswer, documentAgreementFigures } from "@/lib/server/figures/figures";

export const GET = withDocument("see-progress", async ({ access }) => asApiAnswer(await documentAgreementFigures(access)));
