import { decideProposalSchema } from "@/lib/schemas/recommenders";
import { readJson, withDocument } from "@/lib/server/http/route";
import { decideProposal } from "@/lib/server/recommenders/decide-proposal";
import { listDocumentProposals } from "@/lib/server/recommenders/list-document-proposals";

// GET /api/documents/[id]/proposals — what the recommenders propose to the caller here, in text order (nobody's annotation)
export const GET = withDocument("read", async ({ access }) => ({ proposals: await listDocumentProposals(access) }));

// POST /api/documents/[id]/proposals — accept (it becomes the caller's annotation) or reject a proposal, for the caller only
export const POST = withDocument("annotate", async ({ req, access }) => decideProposal(access, await readJson(req, decideProposalSchema)));
