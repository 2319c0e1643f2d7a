import { withUser } from "@/lib/server/http/route";
import { deleteRelation } from "@/lib/server/relations/relations";

// DELETE /api/relations/[id] — the relation's author or a curator removes it
export const DELETE = withUser<{ id: string }>(async ({ params, caller }) => {
  await deleteRelation(caller, params.id);
  return new Response(null, { status: 204 });
});
