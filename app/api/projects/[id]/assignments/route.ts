import { setAssigneesSchema } from "@/lib/schemas/assignment";
import { setDocumentAssignees } from "@/lib/server/assignments/assign-documents";
import { assignmentsQuery } from "@/lib/schemas/page-query";
import { listAssignments } from "@/lib/server/assignments/list-assignments";
import { readJson, withProject } from "@/lib/server/http/route";

// GET /api/projects/[id]/assignments — a page of documents (?offset=, ?limit= ≤ 500, 100 by default) with their assignees and who finished, and the total
export const GET = withProject("read", async ({ req, access }) =>
  listAssignments(access, assignmentsQuery.parse(Object.fromEntries(new URL(req.url).searchParams))),
);

// PUT /api/projects/[id]/assignments — curators set exactly who works on one document
export const PUT = withProject("curate", async ({ req, access }) =>
  setDocumentAssignees(access, await readJson(req, setAssigneesSchema)),
);
