// The browser's way to call our JSON API: one place that turns error answers into messages.
export type ApiErrorBody = { error?: string; code?: string; issues?: { path: string; message: string }[]; details?: unknown; retryAfter?: number };

export class ApiError extends Error {
  constructor(readonly status: number, readonly body: ApiErrorBody) {
    super(ApiError.describe(status, body));
  }
  static describe(status: number, body: ApiErrorBody): string {
    const issues = body.issues?.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ");
    return [body.error ?? `Request failed (${status})`, issues].filter(Boolean).join(" — ");
  }
}

export async function api<T>(url: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, ...rest } = init;
  const response = await fetch(url, {
    ...rest,
    headers: json !== undefined ? { "content-type": "application/json", ...rest.headers } : rest.headers,
    body: json !== undefined ? JSON.stringify(json) : rest.body,
  });
  if (response.status === 204) return undefined as T;
  const parsed = (await response.json().then(
    (value: unknown) => ({ value }),
    () => null,
  )) as { value: T & ApiErrorBody } | null;
  if (!response.ok) throw new ApiError(response.status, parsed?.value ?? {});
  // A success whose body did not arrive whole (the server went away mid-answer) is no success:
  // handing `{}` on made components read fields that are not there.
  if (!parsed) throw new ApiError(response.status, { error: "The server's answer was cut off. Try again." });
  return parsed.value;
}
