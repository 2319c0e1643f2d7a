import { safeReturnPath } from "@/lib/server/session/return-path";

// Auth.js refuses a callbackUrl that is not an http(s) URL ("javascript:alert(1)", "\\evil.example")
// in the query or in its callback-url cookie with its configuration-error page — status 500, for
// what anyone can write into a link. So the Auth.js route hands it a request whose callbackUrl is
// already safe: a same-site path (resolved as a browser would, see return-path.ts) or an absolute
// http(s) URL, which Auth.js's redirect callback keeps only when it is on this site. Anything else
// is dropped, and Auth.js falls back to its default (this site).

const CALLBACK_COOKIE = /^(__Secure-)?authjs\.callback-url$/;

/** The callbackUrl to pass on, or null to drop it. */
export function safeCallbackUrl(value: string): string | null {
  if (value.startsWith("/")) {
    const path = safeReturnPath(value, "");
    return path === "" ? null : path;
  }
  try {
    return /^https?:$/.test(new URL(value).protocol) ? value : null;
  } catch {
    return null;
  }
}

/**
 * What the callbackUrl parameters should become: undefined to leave them as they are (none, or
 * exactly one and safe), null to drop them all, or the one safe value to keep. A parameter given
 * twice is judged as a whole: we read the first, Auth.js the last, so any unsafe copy drops them all.
 */
function keptCallbackUrl(params: URLSearchParams): string | null | undefined {
  const values = params.getAll("callbackUrl");
  if (values.length === 0) return undefined;
  const safe = values.map(safeCallbackUrl);
  if (safe.some((value) => value === null)) return null;
  if (values.length === 1 && safe[0] === values[0]) return undefined;
  return safe[safe.length - 1];
}

function decoded(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** `req` with an unsafe callbackUrl query parameter and callback-url cookie removed (the same request if there is none). */
export function withSafeCallbackUrl<R extends Request>(req: R, rebuild: (url: string, headers: Headers) => R): R {
  const url = new URL(req.url);
  let changed = false;
  const kept = keptCallbackUrl(url.searchParams);
  if (kept !== undefined) {
    if (kept === null) url.searchParams.delete("callbackUrl");
    else url.searchParams.set("callbackUrl", kept);
    changed = true;
  }
  const headers = new Headers(req.headers);
  const cookie = req.headers.get("cookie");
  if (cookie) {
    const kept = cookie.split(/;\s*/).filter((pair) => {
      const at = pair.indexOf("=");
      if (at < 0 || !CALLBACK_COOKIE.test(pair.slice(0, at))) return true;
      const value = decoded(pair.slice(at + 1));
      return safeCallbackUrl(value) === value;
    });
    if (kept.length !== cookie.split(/;\s*/).length) {
      headers.set("cookie", kept.join("; "));
      changed = true;
    }
  }
  return changed ? rebuild(url.toString(), headers) : req;
}

/** A sign-in form body with an unsafe callbackUrl field removed (Auth.js would otherwise fail on it in its redirect callback). */
export function withSafeFormCallbackUrl(body: Uint8Array<ArrayBuffer>, contentType: string | null): Uint8Array<ArrayBuffer> {
  if (!contentType?.startsWith("application/x-www-form-urlencoded")) return body;
  const form = new URLSearchParams(new TextDecoder().decode(body));
  const kept = keptCallbackUrl(form);
  if (kept === undefined) return body;
  if (kept === null) form.delete("callbackUrl");
  else form.set("callbackUrl", kept);
  return new TextEncoder().encode(form.toString());
}
