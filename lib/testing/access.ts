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
