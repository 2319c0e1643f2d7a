import "server-only";
import { db } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";
import { AppError, notFound } from "@/lib/server/errors";
import { findInvitation, INVALID_INVITATION, invitationRefusal } from "@/lib/server/members/find-invitation";
import { hashInvitationSecret } from "@/lib/server/members/invitation-secret";

/**
 * Makes the signed-in account a member with the invitation's role, if the invitation is for its
 * email address and still open. Accepting again from the same account answers as the first time
 * (a double click, a retried request). Someone who is already a member keeps their role.
 */
export async function acceptInvitation(userId: string, secret: string): Promise<{ projectId: string; role: Role }> {
  const view = await findInvitation(secret);
  if (!view) throw notFound(INVALID_INVITATION);
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true } });
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in first.");
  if (view.state === "ACCEPTED" && view.acceptedById === userId) return { projectId: view.projectId, role: await currentRole(view.projectId, userId) };
  const refusal = invitationRefusal(view);
  if (refusal) throw new AppError("CONFLICT", refusal);
  if (user.email !== view.email) {
    throw new AppError("FORBIDDEN", `This invitation is for ${view.email}, and you are signed in as ${user.email}. Sign out, then sign in (or sign up) with ${view.email}.`);
  }
  const now = new Date();
  return db.$transaction(async (tx) => {
    // Claimed in one conditional update, so a revocation or expiry racing with it wins or loses cleanly.
    const { count } = await tx.invitation.updateMany({
      where: { secretHash: hashInvitationSecret(secret), acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { acceptedAt: now, acceptedById: userId },
    });
    if (count === 0) throw new AppError("CONFLICT", "This invitation was revoked or expired a moment ago. Ask the project's owner to invite you again.");
    await tx.membership.createMany({ data: [{ projectId: view.projectId, userId, role: view.role }], skipDuplicates: true });
    // Other open invitations to the same address are spent too: removing this member later must stick.
    await tx.invitation.updateMany({ where: { projectId: view.projectId, email: view.email, acceptedAt: null, revokedAt: null }, data: { revokedAt: now } });
    const member = await tx.membership.findUniqueOrThrow({ where: { projectId_userId: { projectId: view.projectId, userId } }, select: { role: true } });
    return { projectId: view.projectId, role: member.role };
  });
}

async function currentRole(projectId: string, userId: string): Promise<Role> {
  const member = await db.membership.findUnique({ where: { projectId_userId: { projectId, userId } }, select: { role: true } });
  if (!member) throw new AppError("CONFLICT", "This invitation has already been used, and you are no longer a member of this project. Ask the project's owner to invite you again.");
  return member.role;
}
