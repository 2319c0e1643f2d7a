import "server-only";
import { db } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";
import { authorize, isUuid, type ProjectAccess } from "@/lib/server/authz";
import { AppError, notFound } from "@/lib/server/errors";

/** Changes a member's role, or removes the member when role is null; a project keeps an owner. */
export async function changeMemberRole(access: ProjectAccess, userId: string, role: Role | null) {
  authorize(access, "manage-members");
  const { projectId } = access;
  if (!isUuid(userId)) throw notFound("Member not found");
  return db.$transaction(async (tx) => {
    // Lock the project's owner rows so two owners cannot demote each other at the same moment.
    await tx.$queryRaw`SELECT 1 FROM "Membership" WHERE "projectId" = ${projectId}::uuid AND role = 'OWNER' FOR UPDATE`;
    const member = await tx.membership.findUnique({ where: { projectId_userId: { projectId, userId } } });
    if (!member) throw notFound("Member not found");
    if (member.role === "OWNER" && role !== "OWNER") {
      const owners = await tx.membership.count({ where: { projectId, role: "OWNER" } });
      if (owners <= 1) throw new AppError("CONFLICT", "A project needs at least one owner: make someone else owner first.");
    }
    // Someone who can no longer annotate here leaves the work queue; what they finished stays on record.
    if (role === null || role === "VIEWER") await tx.documentAssignment.deleteMany({ where: { projectId, userId, finishedAt: role === null ? undefined : null } });
    if (role === null) {
      const reached = await tx.apiTokenProject.findMany({ where: { projectId, userId }, select: { tokenId: true } });
      // The database drops this project from the member's API tokens with the membership (see
      // ApiTokenProject); a token that reached only this project is revoked outright, so being
      // invited again later never brings an old token back.
      await tx.membership.delete({ where: { projectId_userId: { projectId, userId } } });
      await tx.apiToken.deleteMany({ where: { id: { in: reached.map((r) => r.tokenId) }, userId, projects: { none: {} } } });
      // An invitation still open for them must not let them straight back in.
      const user = await tx.user.findUnique({ where: { id: userId }, select: { email: true } });
      if (user) await tx.invitation.updateMany({ where: { projectId, email: user.email, acceptedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
      return null;
    }
    const updated = await tx.membership.update({ where: { projectId_userId: { projectId, userId } }, data: { role }, select: { role: true } });
    return { userId, role: updated.role };
  });
}
