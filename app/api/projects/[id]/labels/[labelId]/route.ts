import { labelPatchSchema } from "@/lib/schemas/project";
import { readJson, withProjectRole } from "@/lib/server/http/route";
import { deleteLabel, updateLabel } from "@/lib/server/labels/save-label";

type P = { id: string; labelId: string };

// PATCH /api/projects/[id]/labels/[labelId] — owners and curators edit a label
export const PATCH = withProjectRole<P>("CURATOR", async ({ req, params, access }) =>
  updateLabel(access.projectId, params.labelId, await readJson(req, labelPatchSchema)),
);

// DELETE /api/projects/[id]/labels/[labelId] — remove a label that no annotation uses (409 otherwise)
export const DELETE = withProjectRole<P>("CURATOR", async ({ params, access }) => {
  await deleteLabel(access.projectId, params.labelId);
  return new Response(null, { status: 204 });
});
