// POST /api/documents/[id]/curation/merge — put every span enough annotators agree on into the gold layer (keeps earlier decisions)
import { mergeAgreed } from "@/lib/server/curation/curate-document";
import { withDocument } from "@/lib/server/http/route";

export const POST = withDocument("curate", async ({ access }) => mergeAgreed(access));
