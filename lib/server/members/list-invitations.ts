import "server-only";
import { db } from "@/lib/db";
import type { ProjectAccess } from "@/lib/server/authz";
import { INVITATION_SELECT, toInvitationDto, type InvitationDto } from "@/lib/server/members/invitation-dto";
import { MAX_PENDING_INVITATIONS } from "@/lib/server/members/invite-member";

/** Invitations neither accepted nor revoked, newest first; expired ones are marked so the owner can renew them. */
export async function listInvitations(access: ProjectAccess): Promise<InvitationDto[]> {
  const rows = await db.invitation.findMany({
    where: { projectId: access.projectId, acceptedAt: null, revokedAt: null },
    orderBy: { createdAt: "desc" },
    take: MAX_PENDING_INVITATIONS * 2,
    select: INVITATION_SELECT,
  });
  const now = Date.now();
  return rows.map((row) => toInvitationDto(row, now));
}
