import "server-only";
import crypto from "node:crypto";
import { db } from "@/lib/db";
import { emailSchema } from "@/lib/schemas/account";
import { assertStrongPassword } from "@/lib/server/auth/password-strength";
import { hashPassword } from "@/lib/server/auth/passwords";
import { AppError } from "@/lib/server/errors";

/**
 * The operator's reset (`npm run cli -- reset-password EMAIL`): sets the given password, or a
 * generated one to hand over, ends every session of the account, revokes its API tokens and lifts
 * its sign-in limits.
 * Only the operator of the server can do this: an account is the person's across all projects,
 * so a project's owner has no say over it (they can remove the member from their project).
 */
export async function resetPassword(emailInput: string, password?: string): Promise<{ email: string; password: string; endedSessions: number; revokedTokens: number }> {
  const email = emailSchema.parse(emailInput);
  const user = await db.user.findUnique({ where: { email }, select: { id: true, name: true } });
  if (!user) throw new AppError("NOT_FOUND", `No account with the email ${email}.`);
  const chosen = password ?? crypto.randomBytes(15).toString("base64url");
  assertStrongPassword(chosen, [email, user.name]);
  const passwordHash = await hashPassword(chosen);
  // Its API tokens are revoked too (one may have been minted by whoever had the account), and the
  // new hash turns its known-device cookies into strangers' (known-device.ts).
  const [, ended, , revoked] = await db.$transaction([
    db.user.update({ where: { id: user.id }, data: { passwordHash } }),
    db.userSession.deleteMany({ where: { userId: user.id } }),
    db.signInFailure.deleteMany({ where: { email } }),
    db.apiToken.deleteMany({ where: { userId: user.id } }),
  ]);
  return { email, password: chosen, endedSessions: ended.count, revokedTokens: revoked.count };
}
