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
  const body = (await response.json().catch(() => ({}))) as T & ApiErrorBody;
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}
