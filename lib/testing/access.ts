// Access values for server tests. Only lib/server/authz.ts makes them, so a test gets one the way
// a request does: by resolving a browser-session caller through their real membership.
export async function documentAccessOf(userId: string, documentId: string) {
  const { resolveDocument, sessionCaller } = await import("@/lib/server/authz");
  return resolveDocument(sessionCaller(userId), documentId);
}

export async function projectAccessOf(userId: string, projectId: string) {
  const { resolveProject, sessionCaller } = await import("@/lib/server/authz");
  return resolveProject(sessionCaller(userId), projectId);
}

/** A browser-session caller (what the route wrapper makes of a session cookie). */
export const asUser = (userId: string) => ({ userId, token: null });

/** The access of a project's first owner (for tests that act as "the project" rather than a person). */
export async function ownerAccessOf(projectId: string) {
  const { db } = await import("@/lib/db");
  const owner = await db.membership.findFirstOrThrow({ where: { projectId, role: "OWNER" }, orderBy: { createdAt: "asc" }, select: { userId: true } });
  return projectAccessOf(owner.userId, projectId);
}

/** The same for a document of the project. */
export async function ownerDocumentAccessOf(documentId: string) {
  const { db } = await import("@/lib/db");
  const { projectId } = await db.document.findUniqueOrThrow({ where: { id: documentId }, select: { projectId: true } });
  const owner = await db.membership.findFirstOrThrow({ where: { projectId, role: "OWNER" }, orderBy: { createdAt: "asc" }, select: { userId: true } });
  return documentAccessOf(owner.userId, documentId);
}
