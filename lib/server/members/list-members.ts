import "server-only";
import type { ProjectAccess } from "@/lib/server/authz";
import { db } from "@/lib/db";

export async function listMembers(access: ProjectAccess) {
  const { projectId } = access;
  const members = await db.membership.findMany({
    where: { projectId },
    orderBy: [{ createdAt: "asc" }],
    select: { role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } },
  });
  return members.map(({ user, role, createdAt }) => ({ userId: user.id, email: user.email, name: user.name, role, since: createdAt }));
}
