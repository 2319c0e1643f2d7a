import "server-only";
import { db } from "@/lib/db";
import { projectsOf, type Caller } from "@/lib/server/authz";

/** The projects the caller is a member of (an API token: of those, the ones it reaches), with their role. */
export async function listProjects(caller: Caller) {
  const { userId } = caller;
  const projects = await db.project.findMany({
    where: projectsOf(caller),
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
