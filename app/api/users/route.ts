// POST /api/users — sign up with email and password
import { db } from "@/lib/db";
import { signUpSchema } from "@/lib/schemas/account";
import { assertStrongPassword } from "@/lib/server/auth/password-strength";
import { hashPassword } from "@/lib/server/auth/passwords";
import { clientAddress } from "@/lib/server/auth/rate-limit";
import { checkSignUpAllowed, emailTakenWithinLimit, pruneSignUpRefusals } from "@/lib/server/auth/sign-up-limit";
import { AppError } from "@/lib/server/errors";
import { checkOrigin, created, errorResponse, readJson } from "@/lib/server/http/route";

export async function POST(req: Request) {
  try {
    checkOrigin(req);
    const input = await readJson(req, signUpSchema);
    const ip = clientAddress(req.headers);
    await checkSignUpAllowed(ip);
    assertStrongPassword(input.password, [input.email, input.name]);
    // Still said (someone who typed their own address must learn to sign in instead), but
    // rate-limited per client address, also for sign-ups sent at once: see sign-up-limit.ts and lib/server/auth/README.md.
    if (await emailTakenWithinLimit(ip, input.email)) {
      await pruneSignUpRefusals();
      throw new AppError("CONFLICT", "An account with this email already exists. Sign in instead.");
    }
    const user = await db.user.create({
      data: { email: input.email, name: input.name, passwordHash: await hashPassword(input.password) },
      select: { id: true, email: true, name: true },
    });
    return created(user);
  } catch (error) {
    return errorResponse(error);
  }
}
