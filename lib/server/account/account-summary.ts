import "server-only";
import { db } from "@/lib/db";

/** What the account page shows about the signed-in person's own account. */
export async function accountSummary(userId: string) {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { name: true, email: true, passwordHash: true, _count: { select: { sessions: true } } },
  });
  return { name: user.name, email: user.email, hasPassword: user.passwordHash !== null, sessions: user._count.sessions };
}
