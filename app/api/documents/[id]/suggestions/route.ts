import { withDocument } from "@/lib/server/http/route";
import { listDocumentSuggestions } from "@/lib/server/knowledge/list-document-suggestions";

// GET /api/documents/[id]/suggestions — open suggestions of known entities in this document, in text order
export const GET = withDocument("read", async ({ access }) => ({ suggestions: await listDocumentSuggestions(access) }));
