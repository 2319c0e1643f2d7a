import { inviteMemberSchema } from "@/lib/schemas/project";
import { created, readJson, withProject } from "@/lib/server/http/route";
import { inviteMember } from "@/lib/server/members/invite-member";
import { listInvitations } from "@/lib/server/members/list-invitations";

// GET /api/projects/[id]/invitations — owners list open invitations (email, role, expiry)
export const GET = withProject("see-member-admin", async ({ access }) => ({ invitations: await listInvitations(access) }));

// POST /api/projects/[id]/invitations — owners invite an email address; the same answer whether or not it has an account
export const POST = withProject("manage-members", async ({ req, access, userId }) => {
  const { invitation, path } = await inviteMember(access, userId, await readJson(req, inviteMemberSchema));
  return created({ invitation, path, url: new URL(path, req.url).href });
});
