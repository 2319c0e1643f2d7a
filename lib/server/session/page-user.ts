import "server-only";
import { notFound, redirect } from "next/navigation";
import { auth } from "@/lib/auth";
import { resolveDocument, resolveProject, sessionCaller, type Action } from "@/lib/server/authz";
import { AppError } from "@/lib/server/errors";
import { countSessionRequest } from "@/lib/server/http/session-rate-limit";

/**
 * The signed-in user for a page, or a redirect to the sign-in page. Each call is one page render
 * and counts against the account's session request limit, like an API request (a viewer reloading
 * a page in a loop costs the server as much as calling its API). Over the limit it redirects to
 * /too-many-requests: a server component cannot set its own status once streaming has begun, so
 * the "429" is a page that says how long to wait, rendered before any of the page's queries run.
 */
export async function pageUser(returnTo: string): Promise<{ id: string; name: string; email: string }> {
  const session = await auth();
  if (!session?.user?.id) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  const wait = pageRenderRetryAfter(session.user.id);
  if (wait !== null) redirect(`/too-many-requests?wait=${wait}&from=${encodeURIComponent(returnTo)}`);
  return { id: session.user.id, name: session.user.name ?? "", email: session.user.email ?? "" };
}

/** Counts one page render; the seconds to wait when the account is over its limit, else null. */
function pageRenderRetryAfter(userId: string): number | null {
  try {
    countSessionRequest(userId);
    return null;
  } catch (error) {
    if (error instanceof AppError && error.code === "RATE_LIMITED") return Number((error.details as { retryAfter?: number } | undefined)?.retryAfter ?? 1);
    throw error;
  }
}

/** Runs an access check for a page: not a member (or no such thing) → the 404 page. */
export async function pageAccess<T>(check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "FORBIDDEN")) notFound();
    throw error;
  }
}

/** A page's access to a project (pages are browser sessions): 404 page unless the person may do `action`. */
export const pageProjectAccess = (userId: string, projectId: string, action: Action = "read") =>
  pageAccess(() => resolveProject(sessionCaller(userId), projectId, action));
export const pageDocumentAccess = (userId: string, documentId: string, action: Action = "read") =>
  pageAccess(() => resolveDocument(sessionCaller(userId), documentId, action));
