import { undoProposalDecisionsSchema } from "@/lib/schemas/recommenders";
import { readJson, withDocument } from "@/lib/server/http/route";
import { undoProposalDecisions } from "@/lib/server/recommenders/undo-proposal-decisions";

// POST /api/documents/[id]/proposals/undo — take back the caller's accepts (their unchanged annotations are deleted) and rejects, of proposals and knowledge-base suggestions
export const POST = withDocument("annotate", async ({ req, access }) => undoProposalDecisions(access, await readJson(req, undoProposalDecisionsSchema)));
