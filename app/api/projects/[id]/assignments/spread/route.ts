import { spreadAssignmentsSchema } from "@/lib/schemas/assignment";
import { spreadAssignments } from "@/lib/server/assignments/assign-documents";
import { readJson, withProject } from "@/lib/server/http/route";

// POST /api/projects/[id]/assignments/spread — curators give every document N annotators, spread evenly
export const POST = withProject("curate", async ({ req, access }) =>
  spreadAssignments(access, await readJson(req, spreadAssignmentsSchema)),
);
