// Whether the browser is signed in again as the person whose changes wait in the outbox. Sending
// resumes only then: signed in as someone else, the changes would be saved in their name.

export type SessionState = "same" | "other" | "none" | "unreachable";

export async function probeSession(userId: string, fetchImpl: typeof fetch = fetch): Promise<SessionState> {
  let response: Response;
  try {
    response = await fetchImpl("/api/auth/session", { cache: "no-store", headers: { accept: "application/json" } });
  } catch {
    return "unreachable";
  }
  if (response.status >= 500) return "unreachable";
  const session = (await response.json().catch(() => null)) as { user?: { id?: unknown } } | null;
  const id = session?.user?.id;
  if (typeof id !== "string" || !id) return "none";
  return id === userId ? "same" : "other";
}
