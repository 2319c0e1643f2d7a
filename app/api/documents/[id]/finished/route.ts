import { finishedSchema } from "@/lib/schemas/assignment";
import { markFinished } from "@/lib/server/assignments/assign-documents";
import { readJson, withDocument } from "@/lib/server/http/route";

// PUT /api/documents/[id]/finished — an assignee marks the document finished `{finished: true}` or reopens it
export const PUT = withDocument("annotate", async ({ req, access }) =>
  markFinished(access, (await readJson(req, finishedSchema)).finished),
);
