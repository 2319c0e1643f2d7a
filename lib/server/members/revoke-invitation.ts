import "server-only";
import { db } from "@/lib/db";
import { isUuid, type ProjectAccess } from "@/lib/server/authz";
import { AppError, notFound } from "@/lib/server/errors";

/** Withdraws an invitation of this project: its link then says it was revoked. Revoking twice is fine. */
export async function revokeInvitation(access: ProjectAccess, invitationId: string): Promise<void> {
  if (!isUuid(invitationId)) throw notFound("Invitation not found");
  const invitation = await db.invitation.findFirst({ where: { id: invitationId, projectId: access.projectId }, select: { acceptedAt: true } });
  if (!invitation) throw notFound("Invitation not found");
  if (invitation.acceptedAt) throw new AppError("CONFLICT", "This invitation was already accepted. Remove the member instead.");
  const { count } = await db.invitation.updateMany({ where: { id: invitationId, revokedAt: null, acceptedAt: null }, data: { revokedAt: new Date() } });
  // Accepted in the meantime: the person is a member now, and the owner should know.
  if (count === 0 && (await db.invitation.findUnique({ where: { id: invitationId }, select: { acceptedAt: true } }))?.acceptedAt) {
    throw new AppError("CONFLICT", "This invitation was just accepted. Remove the member instead.");
  }
}
