import { acceptInvitationSchema } from "@/lib/schemas/project";
import { requireSession } from "@/lib/server/authz";
import { readJson, withUser } from "@/lib/server/http/route";
import { acceptInvitation } from "@/lib/server/members/accept-invitation";

// POST /api/invitations/accept — the signed-in account accepts an invitation sent to its email address
export const POST = withUser(async ({ req, userId, caller }) => {
  requireSession(caller, "accept invitations");
  return acceptInvitation(userId, (await readJson(req, acceptInvitationSchema)).secret);
});
