// GET /api/documents/[id]/curation — candidates grouped in clusters with their status, and the gold layer's size
import { curationView } from "@/lib/server/curation/curate-document";
import { withDocumentRole } from "@/lib/server/http/route";

export const GET = withDocumentRole("CURATOR", async ({ access }) => curationView(access));
