import { acceptAllProposalsSchema } from "@/lib/schemas/recommenders";
import { readJson, withDocument } from "@/lib/server/http/route";
import { acceptAllProposals } from "@/lib/server/recommenders/accept-all-proposals";

// POST /api/documents/[id]/proposals/accept-all — accept every proposal of one label here as the caller's annotations
export const POST = withDocument("annotate", async ({ req, access }) => acceptAllProposals(access, await readJson(req, acceptAllProposalsSchema)));
