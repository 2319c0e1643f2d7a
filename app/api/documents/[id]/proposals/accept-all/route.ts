import { acceptAllProposalsSchema } from "@/lib/schemas/recommenders";
import { readJson, withDocument } from "@/lib/server/http/route";
import { acceptAllProposals } from "@/lib/server/recommenders/accept-all-proposals";

// POST /api/documents/[id]/proposals/accept-all — accept every suggestion of one label offered to the caller here (the knowledge base's too) as their annotations
export const POST = withDocument("annotate", async ({ req, access }) => acceptAllProposals(access, await readJson(req, acceptAllProposalsSchema)));
