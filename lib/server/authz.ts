import "server-only";
import { db } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";
import { currentTokenScope } from "@/lib/server/auth/token-scope";
import { AppError, notFound } from "@/lib/server/errors";

// Authorization lives here and nowhere else: every project resource is fetched through the
// caller's membership, so a non-member gets 404 (ids don't leak) and a member whose role is too
// low gets 403. A request made with a personal API token sees only the token's projects: the
// others answer as if they did not exist.

export const ROLE_RANK: Record<Role, number> = { VIEWER: 0, ANNOTATOR: 1, CURATOR: 2, OWNER: 3 };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);

/** A Prisma `where` fragment for projects the user belongs to (and the API token, if any, reaches). */
export function projectsOf(userId: string) {
  const scope = currentTokenScope();
  return scope ? { id: { in: [...scope.projectIds] }, members: { some: { userId } } } : { members: { some: { userId } } };
}

/**
 * Whether a one-statement fast path may run: those check membership inside their SQL but know
 * nothing of an API token's projects, so a token request takes the checked step-by-step path.
 */
export const sessionOnlyFastPath = () => !currentTokenScope();

const outOfReach = (what: string) =>
  notFound(currentTokenScope() ? `${what} not found (or not in a project this API token reaches)` : `${what} not found`);

function checkRole(role: Role, minRole: Role) {
  if (ROLE_RANK[role] < ROLE_RANK[minRole]) {
    throw new AppError("FORBIDDEN", `This needs the ${minRole} role in this project; you are ${role}.`);
  }
}

export type ProjectAccess = { projectId: string; role: Role };

export async function requireProjectRole(userId: string, projectId: string, minRole: Role): Promise<ProjectAccess> {
  if (!isUuid(projectId)) throw outOfReach("Project");
  const scope = currentTokenScope();
  if (scope && !scope.projectIds.includes(projectId)) throw outOfReach("Project");
  const membership = await db.membership.findUnique({
    where: { projectId_userId: { projectId, userId } },
    select: { role: true },
  });
  if (!membership) throw outOfReach("Project");
  checkRole(membership.role, minRole);
  return { projectId, role: membership.role };
}

export type DocumentAccess = ProjectAccess & { documentId: string };

export async function requireDocumentRole(userId: string, documentId: string, minRole: Role): Promise<DocumentAccess> {
  if (!isUuid(documentId)) throw outOfReach("Document");
  const document = await db.document.findFirst({
    where: { id: documentId, project: projectsOf(userId) },
    select: { projectId: true, project: { select: { members: { where: { userId }, select: { role: true } } } } },
  });
  const role = document?.project.members[0]?.role;
  if (!document || !role) throw outOfReach("Document");
  checkRole(role, minRole);
  return { projectId: document.projectId, documentId, role };
}
