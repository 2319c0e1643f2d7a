// GET /api/documents/[id] — a document's canonical text and metadata (?raw=1 adds the untrimmed original)
import { getDocument } from "@/lib/server/documents/get-document";
import { withDocumentRole } from "@/lib/server/http/route";

export const GET = withDocumentRole("VIEWER", async ({ req, access }) =>
  getDocument(access, { withRaw: new URL(req.url).searchParams.get("raw") === "1" }),
);
