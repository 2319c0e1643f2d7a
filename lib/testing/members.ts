// Members join through invitations only; server tests add one as the product does — the owner
// invites, the account accepts — instead of writing a membership row. Import after pointing
// lib/db at a test database.
import type { Role } from "@/lib/generated/prisma/enums";

/** The secret in an invitation link's path ("/invitations/<secret>"). */
export const secretOf = (path: string) => decodeURIComponent(path.slice(path.lastIndexOf("/") + 1));

export async function joinByInvitation(projectId: string, ownerId: string, member: { id: string; email: string }, role: Role) {
  const { resolveProject, sessionCaller } = await import("@/lib/server/authz");
  const { inviteMember } = await import("@/lib/server/members/invite-member");
  const { acceptInvitation } = await import("@/lib/server/members/accept-invitation");
  const { path } = await inviteMember(await resolveProject(sessionCaller(ownerId), projectId, "manage-members"), ownerId, { email: member.email, role });
  return acceptInvitation(member.id, secretOf(path));
}
