import { withProject } from "@/lib/server/http/route";
import { revokeInvitation } from "@/lib/server/members/revoke-invitation";

type P = { id: string; invitationId: string };

// DELETE /api/projects/[id]/invitations/[invitationId] — owners revoke an open invitation
export const DELETE = withProject<P>("manage-members", async ({ params, access }) => {
  await revokeInvitation(access, params.invitationId);
  return new Response(null, { status: 204 });
});
