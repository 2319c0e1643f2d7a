// GET /api/projects/[id]/agreement — Fleiss' kappa, Krippendorff's alpha, pairwise kappa and span F1, overall and per document (a page of ?offset= and ?limit= documents, 100 by default, with documentsTotal), as last computed by the figures job, with their age and computing/progress
import { z } from "zod";
import { withProject } from "@/lib/server/http/route";
import { AGREEMENT_DOCUMENTS_MAX, agreementFigures, asApiAnswer } from "@/lib/server/figures/figures";

const pageSchema = z.object({
  offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
  limit: z.coerce.number().int().min(1).max(AGREEMENT_DOCUMENTS_MAX).optional(),
});

export const GET = withProject("see-progress", async ({ req, access }) => {
  const params = new URL(req.url).searchParams;
  const page = pageSchema.parse({ offset: params.get("offset") ?? undefined, limit: params.get("limit") ?? undefined });
  return asApiAnswer(await agreementFigures(access, page));
});
