import "server-only";
import { db } from "@/lib/db";
import { projectsOf } from "@/lib/server/authz";

export async function listProjects(userId: string) {
  const projects = await db.project.findMany({
    where: projectsOf(userId),
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      name: true,
      description: true,
      createdAt: true,
      members: { where: { userId }, select: { role: true } },
      _count: { select: { documents: true, members: true } },
    },
  });
  return projects.map(({ members, _count, ...project }) => ({
    ...project,
    role: members[0].role,
    documentCount: _count.documents,
    memberCount: _count.members,
  }));
}
