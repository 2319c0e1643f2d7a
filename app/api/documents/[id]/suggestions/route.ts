import { withDocument } from "@/lib/server/http/route";
import { listDocumentSuggestions } from "@/lib/server/knowledge/list-document-suggestions";

// GET /api/documents/[id]/suggestions — the known entities' suggestions offered to you in this document (not those you decided), in text order
export const GET = withDocument("read", async ({ access }) => ({ suggestions: await listDocumentSuggestions(access) }));
