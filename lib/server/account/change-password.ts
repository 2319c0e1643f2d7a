import "server-only";
import { db } from "@/lib/db";
import type { z } from "zod";
import type { changePasswordSchema } from "@/lib/schemas/account";
import { assertStrongPassword } from "@/lib/server/auth/password-strength";
import { hashPassword, verifyPassword } from "@/lib/server/auth/passwords";
import { rateLimited, recordSignInFailure, signInRetryAfter } from "@/lib/server/auth/rate-limit";
import { AppError } from "@/lib/server/errors";

/**
 * Changes the signed-in person's password. The current password is required (a borrowed or
 * stolen session alone cannot take the account over) and counts against the same limits as
 * signing in. Every other session of the account ends; `keepSessionId`, the one asking, stays.
 */
export async function changePassword(userId: string, keepSessionId: string | null, input: z.infer<typeof changePasswordSchema>, ip: string) {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, name: true, passwordHash: true } });
  if (!user.passwordHash) {
    throw new AppError("CONFLICT", "This account signs in through an external provider and has no workbench password to change.");
  }
  const retryAfter = await signInRetryAfter({ email: user.email, ip, knownDevice: true });
  if (retryAfter) throw rateLimited(retryAfter);
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    await recordSignInFailure(user.email, ip);
    throw new AppError("INVALID_INPUT", "Your current password is not right.", { field: "currentPassword" });
  }
  assertStrongPassword(input.newPassword, [user.email, user.name]);
  const passwordHash = await hashPassword(input.newPassword);
  const [, ended] = await db.$transaction([
    db.user.update({ where: { id: userId }, data: { passwordHash } }),
    db.userSession.deleteMany({ where: { userId, ...(keepSessionId ? { id: { not: keepSessionId } } : {}) } }),
  ]);
  return { endedSessions: ended.count };
}
