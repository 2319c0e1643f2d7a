// POST /api/documents/[id]/curation/adjudicate — {action: "take"|"edit"|"reject", …}: settle a disagreement
import { adjudicateSchema } from "@/lib/schemas/curation";
import { adjudicate } from "@/lib/server/curation/curate-document";
import { readJson, withDocument } from "@/lib/server/http/route";

export const POST = withDocument("curate", async ({ req, access }) => adjudicate(access, await readJson(req, adjudicateSchema)));
