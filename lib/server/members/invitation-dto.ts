import "server-only";
import type { Role } from "@/lib/generated/prisma/enums";

export const INVITATION_SELECT = { id: true, email: true, role: true, createdAt: true, expiresAt: true } as const;

// The same fields whether or not an account uses the address: nothing here may tell.
export type InvitationDto = { id: string; email: string; role: Role; createdAt: string; expiresAt: string; expired: boolean };

export const toInvitationDto = (row: { id: string; email: string; role: Role; createdAt: Date; expiresAt: Date }, now = Date.now()): InvitationDto => ({
  id: row.id,
  email: row.email,
  role: row.role,
  createdAt: row.createdAt.toISOString(),
  expiresAt: row.expiresAt.toISOString(),
  expired: row.expiresAt.getTime() <= now,
});
