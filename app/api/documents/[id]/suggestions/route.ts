import { suggestionsPending } from "@/lib/server/documents/suggest-on-import";
import { withDocument } from "@/lib/server/http/route";
import { listDocumentSuggestions } from "@/lib/server/knowledge/list-document-suggestions";

// GET /api/documents/[id]/suggestions — the known entities' suggestions offered to you in this document (not those you decided), in text order; `pending` while its import's job has not made them yet
export const GET = withDocument("read", async ({ access }) => {
  const [suggestions, pending] = await Promise.all([listDocumentSuggestions(access), suggestionsPending(access.documentId)]);
  return { suggestions, pending };
});
