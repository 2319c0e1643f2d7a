import { importDocuments } from "@/lib/server/documents/import-documents";
import { listDocuments } from "@/lib/server/documents/list-documents";
import { readImportRequest } from "@/lib/server/documents/read-import-request";
import { json, withProject } from "@/lib/server/http/route";

// GET /api/projects/[id]/documents — the project's documents with annotation counts
export const GET = withProject("read", async ({ access }) => ({ documents: await listDocuments(access) }));

// POST /api/projects/[id]/documents — import files or texts, all-or-nothing (dryRun previews the trim)
export const POST = withProject("curate", async ({ req, access }) => {
  const { drafts, options } = await readImportRequest(req);
  const result = await importDocuments(access, drafts, options);
  return json(result, options.dryRun ? 200 : 201);
});
