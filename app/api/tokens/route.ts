import { db } from "@/lib/db";
import { createApiTokenRequestSchema } from "@/lib/schemas/api-token";
import { passwordMatchesWithinLimits } from "@/lib/server/auth/checked-password";
import { clientAddress } from "@/lib/server/auth/rate-limit";
import { AppError } from "@/lib/server/errors";
import { requireSession } from "@/lib/server/authz";
import { created, readJson, withUser } from "@/lib/server/http/route";
import { createApiToken } from "@/lib/server/tokens/create-api-token";
import { listApiTokens } from "@/lib/server/tokens/list-api-tokens";

// GET /api/tokens — the caller's personal API tokens (never their secrets)
export const GET = withUser(async ({ userId, caller }) => {
  requireSession(caller, "list tokens");
  return { tokens: await listApiTokens(userId) };
});

// POST /api/tokens — make a token for chosen projects (the account's password again); the answer holds the secret, shown this once
export const POST = withUser(async ({ req, userId, caller }) => {
  requireSession(caller, "make tokens");
  const { password, ...input } = await readJson(req, createApiTokenRequestSchema);
  // A token outlives the session that made it: a stolen session alone must not mint one. Checked
  // under the sign-in limits, so this is no faster a way to guess the password than signing in.
  // An account that signs in only through an external provider has no password to ask for.
  const account = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, passwordHash: true } });
  if (account.passwordHash !== null) {
    if (!password) throw new AppError("INVALID_INPUT", "Enter your password to make a token.", { field: "password" });
    if (!(await passwordMatchesWithinLimits({ email: account.email, ip: clientAddress(req.headers), knownDevice: true }, account.passwordHash, password))) {
      throw new AppError("INVALID_INPUT", "Your password is not right.", { field: "password" });
    }
  }
  return created(await createApiToken(userId, input));
});
