import "server-only";
import { verifyPassword } from "@/lib/server/auth/passwords";
import { claimSignInAttempt, rateLimited, settleSignInAttempt, type SignInAttempt } from "@/lib/server/auth/rate-limit";

/**
 * A password check outside Auth.js (password change, account linking, making an API token),
 * under the sign-in limits: the attempt is claimed before the slow check (see claimSignInAttempt),
 * so concurrent guesses are limited like sequential ones. Throws 429 when the limits say wait.
 */
export async function passwordMatchesWithinLimits(attempt: SignInAttempt, passwordHash: string | null | undefined, password: string): Promise<boolean> {
  const claim = await claimSignInAttempt(attempt);
  if (!claim.ok) throw rateLimited(claim.retryAfter);
  const matches = await verifyPassword(passwordHash, password);
  await settleSignInAttempt(claim, matches);
  return matches;
}
