import "server-only";
import { db } from "@/lib/db";

export async function listMembers(projectId: string) {
  const members = await db.membership.findMany({
    where: { projectId },
    orderBy: [{ createdAt: "asc" }],
    select: { role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } },
  });
  return members.map(({ user, role, createdAt }) => ({ userId: user.id, email: user.email, name: user.name, role, since: createdAt }));
}
