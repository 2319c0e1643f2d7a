import { setAssigneesSchema } from "@/lib/schemas/assignment";
import { setDocumentAssignees } from "@/lib/server/assignments/assign-documents";
import { listAssignments } from "@/lib/server/assignments/list-assignments";
import { readJson, withProject } from "@/lib/server/http/route";

// GET /api/projects/[id]/assignments — every document with its assignees and who finished
export const GET = withProject("read", async ({ access }) => listAssignments(access));

// PUT /api/projects/[id]/assignments — curators set exactly who works on one document
export const PUT = withProject("curate", async ({ req, access }) =>
  setDocumentAssignees(access, await readJson(req, setAssigneesSchema)),
);
