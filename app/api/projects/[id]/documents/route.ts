import { documentListQuery } from "@/lib/schemas/document-list";
import { importDocuments } from "@/lib/server/documents/import-documents";
import { listDocumentsPage } from "@/lib/server/documents/list-documents-page";
import { readImportRequest } from "@/lib/server/documents/read-import-request";
import { json, withProject } from "@/lib/server/http/route";

// GET /api/projects/[id]/documents — one page of the project's documents (q, publisher, tag, from, to, assignee, status, sort, dir, limit ≤ 200, offset) with the total
export const GET = withProject("read", async ({ req, access }) => listDocumentsPage(access, documentListQuery.parse(Object.fromEntries(new URL(req.url).searchParams))));

// POST /api/projects/[id]/documents — import files or texts, all-or-nothing (dryRun previews the trim and the metadata)
export const POST = withProject("curate", async ({ req, access }) => {
  const { drafts, options } = await readImportRequest(req);
  const result = await importDocuments(access, drafts, options);
  return json(result, options.dryRun ? 200 : 201);
});
