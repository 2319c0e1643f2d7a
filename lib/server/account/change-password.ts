import "server-only";
import { db } from "@/lib/db";
import type { z } from "zod";
import type { changePasswordSchema } from "@/lib/schemas/account";
import { assertStrongPassword } from "@/lib/server/auth/password-strength";
import { passwordMatchesWithinLimits } from "@/lib/server/auth/checked-password";
import { hashPassword } from "@/lib/server/auth/passwords";
import { AppError } from "@/lib/server/errors";

/**
 * Changes the signed-in person's password. The current password is required (a borrowed or
 * stolen session alone cannot take the account over) and counts against the same limits as
 * signing in. Every other session of the account ends; `keepSessionId`, the one asking, stays.
 * Every API token of the account is revoked.
 */
export async function changePassword(userId: string, keepSessionId: string | null, input: z.infer<typeof changePasswordSchema>, ip: string) {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, name: true, passwordHash: true } });
  if (!user.passwordHash) {
    throw new AppError("CONFLICT", "This account signs in through an external provider and has no workbench password to change.");
  }
  // Signed in, so a known device of the account: the per-pair delay still applies.
  if (!(await passwordMatchesWithinLimits({ email: user.email, ip, knownDevice: true }, user.passwordHash, input.currentPassword))) {
    throw new AppError("INVALID_INPUT", "Your current password is not right.", { field: "currentPassword" });
  }
  assertStrongPassword(input.newPassword, [user.email, user.name]);
  const passwordHash = await hashPassword(input.newPassword);
  // API tokens go too: one minted through a stolen session must not outlive the owner's recovery.
  // The new hash also turns the account's known-device cookies into strangers' (known-device.ts).
  const [, ended, revoked] = await db.$transaction([
    db.user.update({ where: { id: userId }, data: { passwordHash } }),
    db.userSession.deleteMany({ where: { userId, ...(keepSessionId ? { id: { not: keepSessionId } } : {}) } }),
    db.apiToken.deleteMany({ where: { userId } }),
  ]);
  return { endedSessions: ended.count, revokedTokens: revoked.count };
}
