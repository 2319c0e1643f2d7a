import { listDeletedDocuments } from "@/lib/server/documents/delete-document";
import { withProject } from "@/lib/server/http/route";

// GET /api/projects/[id]/deleted-documents — curators and owners list deleted documents with who deleted them and until when they can be restored
export const GET = withProject("see-deleted", async ({ access }) => listDeletedDocuments(access));
