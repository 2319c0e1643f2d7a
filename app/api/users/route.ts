// POST /api/users — sign up with email and password
import { db } from "@/lib/db";
import { signUpSchema } from "@/lib/schemas/account";
import { assertStrongPassword } from "@/lib/server/auth/password-strength";
import { hashPassword } from "@/lib/server/auth/passwords";
import { AppError } from "@/lib/server/errors";
import { checkOrigin, created, errorResponse, readJson } from "@/lib/server/http/route";

export async function POST(req: Request) {
  try {
    checkOrigin(req);
    const input = await readJson(req, signUpSchema);
    assertStrongPassword(input.password, [input.email, input.name]);
    if (await db.user.findUnique({ where: { email: input.email }, select: { id: true } })) {
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
