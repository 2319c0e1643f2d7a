import { labelPatchSchema } from "@/lib/schemas/project";
import { readJson, withProject } from "@/lib/server/http/route";
import { deleteLabel, updateLabel } from "@/lib/server/labels/save-label";

type P = { id: string; labelId: string };

// PATCH /api/projects/[id]/labels/[labelId] — owners and curators edit a label
export const PATCH = withProject<P>("manage-labels", async ({ req, params, access }) =>
  updateLabel(access, params.labelId, await readJson(req, labelPatchSchema)),
);

// DELETE /api/projects/[id]/labels/[labelId] — remove a label that no annotation uses (409 otherwise)
export const DELETE = withProject<P>("manage-labels", async ({ params, access }) => {
  await deleteLabel(access, params.labelId);
  return new Response(null, { status: 204 });
});
