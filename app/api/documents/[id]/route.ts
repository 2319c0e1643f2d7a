// GET /api/documents/[id] — a document's canonical text and metadata (?raw=1 adds the untrimmed original, and the web page an HTML import was read from)
import { getDocumentAsMember } from "@/lib/server/documents/get-document";
import { withUser } from "@/lib/server/http/route";

export const GET = withUser<{ id: string }>(async ({ req, caller, params }) =>
  getDocumentAsMember(caller, params.id, { withRaw: new URL(req.url).searchParams.get("raw") === "1" }),
);
