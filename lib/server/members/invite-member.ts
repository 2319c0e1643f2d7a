import "server-only";
import type { z } from "zod";
import { db } from "@/lib/db";
import type { inviteMemberSchema } from "@/lib/schemas/project";
import type { ProjectAccess } from "@/lib/server/authz";
import { AppError } from "@/lib/server/errors";
import { INVITATION_SELECT, toInvitationDto, type InvitationDto } from "@/lib/server/members/invitation-dto";
import { hashInvitationSecret, invitationPath, newInvitationSecret } from "@/lib/server/members/invitation-secret";

export const INVITATION_DAYS = 7;
export const MAX_PENDING_INVITATIONS = 200;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Invites an email address into the project. The answer is the same whether or not an account
 * uses the address (adding by email used to answer 404 for unknown addresses, which told anyone
 * who could create a project who has an account). The link's secret is in the answer only.
 */
export async function inviteMember(
  access: ProjectAccess,
  invitedById: string,
  input: z.infer<typeof inviteMemberSchema>,
): Promise<{ invitation: InvitationDto; path: string }> {
  const { projectId } = access;
  const now = new Date();
  return db.$transaction(async (tx) => {
    // Members are listed to every member anyway, so saying so tells nothing new.
    const member = await tx.membership.findFirst({ where: { projectId, user: { email: input.email } }, select: { role: true } });
    if (member) {
      throw new AppError("CONFLICT", `${input.email} is already a member of this project (${member.role.toLowerCase()}). Change their role in the member list instead.`);
    }
    // A new invitation to the same address replaces the pending one: the link is shown only once,
    // so an owner who lost it invites again.
    await tx.invitation.updateMany({ where: { projectId, email: input.email, acceptedAt: null, revokedAt: null }, data: { revokedAt: now } });
    const pending = await tx.invitation.count({ where: { projectId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } } });
    if (pending >= MAX_PENDING_INVITATIONS) {
      throw new AppError("CONFLICT", `This project already has ${MAX_PENDING_INVITATIONS} open invitations. Revoke some that are no longer needed first.`);
    }
    const secret = newInvitationSecret();
    const row = await tx.invitation.create({
      data: {
        projectId,
        email: input.email,
        role: input.role,
        secretHash: hashInvitationSecret(secret),
        invitedById,
        createdAt: now,
        expiresAt: new Date(now.getTime() + INVITATION_DAYS * DAY_MS),
      },
      select: INVITATION_SELECT,
    });
    return { invitation: toInvitationDto(row, now.getTime()), path: invitationPath(secret) };
  });
}
