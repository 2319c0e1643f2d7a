import "server-only";
import { db } from "@/lib/db";
import { pendingLink } from "@/lib/server/auth/external-sign-in";
import { passwordMatchesWithinLimits } from "@/lib/server/auth/checked-password";
import { AppError } from "@/lib/server/errors";

/**
 * The second half of an external sign-in to an account the workbench had not verified (see
 * external-sign-in.ts): the account's password, typed once, proves the person owns the account;
 * the provider already vouched for the address. The account's address becomes verified, so the
 * provider's sign-in joins it from now on.
 */
export async function linkExternalAccount(input: { token: string; password: string }, ip: string, knownDevice: (email: string) => Promise<boolean>) {
  const link = await pendingLink(input.token);
  if (!link) throw new AppError("NOT_FOUND", "This sign-in link has expired or was used. Sign in with your provider again.");
  const user = await db.user.findUnique({ where: { email: link.email }, select: { id: true, passwordHash: true } });
  const attempt = { email: link.email, ip, knownDevice: await knownDevice(link.email) };
  if (!(await passwordMatchesWithinLimits(attempt, user?.passwordHash, input.password)) || !user) {
    throw new AppError("INVALID_INPUT", "That is not this account's password.", { field: "password" });
  }
  await db.$transaction([
    db.user.update({ where: { id: user.id }, data: { emailVerifiedAt: new Date() } }),
    db.pendingAccountLink.deleteMany({ where: { email: link.email } }),
  ]);
  return { provider: link.provider };
}
