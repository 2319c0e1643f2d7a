import "server-only";
import { notFound, redirect } from "next/navigation";
import { auth } from "@/lib/auth";
import { resolveDocument, resolveProject, sessionCaller, type Action } from "@/lib/server/authz";
import { AppError } from "@/lib/server/errors";

/** The signed-in user for a page, or a redirect to the sign-in page. */
export async function pageUser(returnTo: string): Promise<{ id: string; name: string; email: string }> {
  const session = await auth();
  if (!session?.user?.id) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  return { id: session.user.id, name: session.user.name ?? "", email: session.user.email ?? "" };
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
