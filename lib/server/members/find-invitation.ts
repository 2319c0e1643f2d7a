import "server-only";
import { db } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";
import { hashInvitationSecret, looksLikeInvitationSecret } from "@/lib/server/members/invitation-secret";

export type InvitationState = "PENDING" | "EXPIRED" | "REVOKED" | "ACCEPTED";

export type InvitationView = {
  state: InvitationState;
  email: string;
  role: Role;
  projectId: string;
  projectName: string;
  expiresAt: Date;
  acceptedById: string | null;
};

/** What the link's page shows: to whoever holds the link, which only the person invited should. Null: no such link. */
export async function findInvitation(secret: string, now = new Date()): Promise<InvitationView | null> {
  if (!looksLikeInvitationSecret(secret)) return null;
  const row = await db.invitation.findUnique({
    where: { secretHash: hashInvitationSecret(secret) },
    select: { email: true, role: true, projectId: true, expiresAt: true, revokedAt: true, acceptedAt: true, acceptedById: true, project: { select: { name: true } } },
  });
  if (!row) return null;
  const state: InvitationState = row.acceptedAt ? "ACCEPTED" : row.revokedAt ? "REVOKED" : row.expiresAt <= now ? "EXPIRED" : "PENDING";
  return { state, email: row.email, role: row.role, projectId: row.projectId, projectName: row.project.name, expiresAt: row.expiresAt, acceptedById: row.acceptedById };
}

/** Why a link cannot be used, in words for the person holding it. */
export function invitationRefusal(view: InvitationView): string | null {
  switch (view.state) {
    case "EXPIRED":
      return `This invitation expired on ${view.expiresAt.toISOString().slice(0, 10)}. Ask the project's owner to invite you again.`;
    case "REVOKED":
      return "This invitation was revoked by the project's owner. Ask them to invite you again if you still need access.";
    case "ACCEPTED":
      return "This invitation has already been used.";
    default:
      return null;
  }
}

export const INVALID_INVITATION = "This invitation link is not valid. Check that you copied all of it, or ask the project's owner for a new one.";
