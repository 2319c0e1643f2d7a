import { relationTypePatchSchema } from "@/lib/schemas/relation";
import { readJson, withProject } from "@/lib/server/http/route";
import { deleteRelationType, updateRelationType } from "@/lib/server/relations/relation-types";

type P = { id: string; typeId: string };

// PATCH /api/projects/[id]/relation-types/[typeId] — curators rename or describe a relation type (its kinds only while unused)
export const PATCH = withProject<P>("manage-labels", async ({ req, params, access }) =>
  updateRelationType(access, params.typeId, await readJson(req, relationTypePatchSchema)),
);

// DELETE /api/projects/[id]/relation-types/[typeId] — curators remove an unused relation type (409 when in use)
export const DELETE = withProject<P>("manage-labels", async ({ params, access }) => {
  await deleteRelationType(access, params.typeId);
  return new Response(null, { status: 204 });
});
