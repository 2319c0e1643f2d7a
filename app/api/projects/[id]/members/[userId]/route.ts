import { changeRoleSchema } from "@/lib/schemas/project";
import { readJson, withProject } from "@/lib/server/http/route";
import { changeMemberRole } from "@/lib/server/members/change-member-role";

type P = { id: string; userId: string };

// PATCH /api/projects/[id]/members/[userId] — owners change a member's role
export const PATCH = withProject<P>("manage-members", async ({ req, params, access }) =>
  changeMemberRole(access, params.userId, (await readJson(req, changeRoleSchema)).role),
);

// DELETE /api/projects/[id]/members/[userId] — owners remove a member
export const DELETE = withProject<P>("manage-members", async ({ params, access }) => {
  await changeMemberRole(access, params.userId, null);
  return new Response(null, { status: 204 });
});
