import { documentDetailsSchema } from "@/lib/schemas/document";
import { getDocumentAsMember } from "@/lib/server/documents/get-document";
import { updateDocumentDetails } from "@/lib/server/documents/update-document-details";
import { deleteDocument } from "@/lib/server/documents/delete-document";
import { readJson, withDocument, withUser } from "@/lib/server/http/route";

// GET /api/documents/[id] — a document's canonical text and metadata (?raw=1 adds the untrimmed original, and the web page an HTML import was read from)
export const GET = withUser<{ id: string }>(async ({ req, caller, params }) =>
  getDocumentAsMember(caller, params.id, { withRaw: new URL(req.url).searchParams.get("raw") === "1" }),
);

// PATCH /api/documents/[id] — curators and owners correct a document's title, metadata and tags (its history keeps every change)
export const PATCH = withDocument("curate", async ({ req, access }) => updateDocumentDetails(access, await readJson(req, documentDetailsSchema)));

// DELETE /api/documents/[id] — curators and owners move a document to "Deleted documents" (restorable for 30 days, then purged)
export const DELETE = withDocument("curate", async ({ access }) => deleteDocument(access));
