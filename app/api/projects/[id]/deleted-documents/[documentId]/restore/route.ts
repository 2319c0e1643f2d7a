import { restoreDocument } from "@/lib/server/documents/delete-document";
import { withProject } from "@/lib/server/http/route";

// POST /api/projects/[id]/deleted-documents/[documentId]/restore — curators and owners bring a deleted document back with its annotations
export const POST = withProject<{ id: string; documentId: string }>("curate", async ({ access, params }) => restoreDocument(access, params.documentId));
