// GET /api/documents/[id]/curation — candidates grouped in clusters with their status, and the gold layer's size
import { curationView } from "@/lib/server/curation/curate-document";
import { withDocument } from "@/lib/server/http/route";

export const GET = withDocument("see-progress", async ({ access }) => curationView(access));
