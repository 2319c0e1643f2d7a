import { listDocumentRevisions } from "@/lib/server/documents/update-document-details";
import { withDocument } from "@/lib/server/http/route";

// GET /api/documents/[id]/revisions — who changed the document's details, when, from what to what (newest first)
export const GET = withDocument("read", async ({ access }) => listDocumentRevisions(access));
