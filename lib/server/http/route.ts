import "server-only";
import { z } from "zod";
import type { Role } from "@/lib/generated/prisma/enums";
import {
  resolveDocument, resolveProject, ROLE_ACTION, sessionCaller, tokenCaller, type Action, type Caller, type DocumentAccess, type ProjectAccess,
} from "@/lib/server/authz";
import { duplicateTagConflict } from "@/lib/server/annotations/duplicate-tag";
import { isDatabaseUnavailable } from "@/lib/server/db/unavailable";
import { AppError, databaseUnavailable } from "@/lib/server/errors";
import { megabytes, parseJsonText, readBodyBytes } from "@/lib/server/http/read-body";
import { proxyTrusted } from "@/lib/server/http/trust-proxy";
import { countApiTokenRequest, withRateLimitHeaders } from "@/lib/server/tokens/api-rate-limit";
import { authenticateApiToken } from "@/lib/server/tokens/authenticate-api-token";
import { sessionUserId } from "@/lib/server/session/session-user-id";
import { countSessionRequest } from "@/lib/server/http/session-rate-limit";

// The one wrapper every API route handler goes through: authenticates, resolves membership,
// parses input and turns every error into a JSON answer with the right status. Nothing a client
// sends can produce a 500; an unexpected failure is logged and answered without internals.

type Params = Record<string, string>;
type NextContext<P extends Params> = { params: Promise<P> };
/** `caller` is who is asking (user id and, for an API token, its scope); pass it on to use cases. */
export type UserContext<P extends Params> = { req: Request; params: P; userId: string; caller: Caller };
type Result = Response | object | null;

// BigInt (the change sequence) has no JSON form; answering with a number keeps a missed DTO
// conversion from turning a committed write into a 500.
const replacer = (_key: string, value: unknown) => (typeof value === "bigint" ? Number(value) : value);

export function json(data: unknown, status = 200, headers?: Record<string, string>): Response {
  return new Response(JSON.stringify(data, replacer), { status, headers: { "content-type": "application/json", ...headers } });
}

export function errorResponse(error: unknown): Response {
  if (error instanceof AppError) {
    return json({ error: error.message, code: error.code, details: error.details }, error.status, error.headers);
  }
  if (error instanceof z.ZodError) {
    return json(
      { error: "Invalid input", code: "INVALID_INPUT", issues: error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) },
      400,
    );
  }
  if (isDatabaseUnavailable(error)) return errorResponse(databaseUnavailable());
  // The database refused the same person's same tag on a span, on a path that did not translate it itself.
  const duplicate = duplicateTagConflict(error);
  if (duplicate) return errorResponse(duplicate);
  const prismaCode = (error as { code?: unknown })?.code;
  if (prismaCode === "P2002") return json({ error: "This conflicts with an existing record", code: "CONFLICT" }, 409);
  if (prismaCode === "P2003") return json({ error: "This is still referenced by other records", code: "CONFLICT" }, 409);
  if (prismaCode === "P2025") return json({ error: "Not found", code: "NOT_FOUND" }, 404);
  console.error("Unexpected error in route handler", error);
  return json({ error: "Something went wrong on the server. Try again.", code: "INTERNAL" }, 500);
}

export async function currentUserId(): Promise<string> {
  const id = await sessionUserId();
  if (!id) throw new AppError("UNAUTHENTICATED", "Sign in first.");
  return id;
}

function toResponse(result: Result, status = 200): Response {
  return result instanceof Response ? result : json(result, status);
}

const firstValue = (header: string | null) => header?.split(",")[0].trim() || null;

/**
 * This server's origin (scheme, host and port) as the browser sees it. Behind a reverse proxy
 * (one that terminates TLS or rewrites Host) set TRUST_PROXY, and X-Forwarded-Proto and
 * X-Forwarded-Host are read instead; a cross-site page cannot forge those on a browser request
 * (setting them makes the request preflighted, which the workbench never allows).
 */
function serverOrigin(req: Request): string | null {
  const trusted = proxyTrusted();
  const host = (trusted && firstValue(req.headers.get("x-forwarded-host"))) || req.headers.get("host");
  const proto = (trusted && firstValue(req.headers.get("x-forwarded-proto"))) || new URL(req.url).protocol.replace(/:$/, "");
  if (!host || !/^https?$/i.test(proto)) return null;
  try {
    return new URL(`${proto.toLowerCase()}://${host}`).origin;
  } catch {
    return null;
  }
}

/**
 * Refuses a changing request that a browser sent from another site (cross-site request forgery):
 * browsers always send Origin on such requests; scripts and the command line send none and are
 * let through (they authenticate by their own means). Scheme, host and port must all match:
 * https://host is another origin than http://host.
 */
export function checkOrigin(req: Request) {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return;
  const origin = req.headers.get("origin");
  if (!origin) return;
  let requestOrigin: string | null = null;
  try {
    requestOrigin = origin === "null" ? null : new URL(origin).origin;
  } catch {
    requestOrigin = null;
  }
  const own = serverOrigin(req);
  if (!own || requestOrigin !== own) {
    throw new AppError("FORBIDDEN", `This request came from another site (${origin}) and was refused. Use the workbench's own pages.`);
  }
}

const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Authenticates by personal API token (`Authorization: Bearer awb_…`) when one is sent, else by
 * the session cookie, into the caller handed to the handler. What the caller may then do is
 * decided by lib/server/authz.ts; a read-only token is also refused any method but reading before
 * a handler runs, and requests are counted against the rate limit (a token's, or the account's for
 * browser sessions: session-rate-limit.ts).
 */
export function withUser<P extends Params>(handler: (ctx: UserContext<P>) => Promise<Result>) {
  return async (req: Request, ctx: NextContext<P>): Promise<Response> => {
    try {
      checkOrigin(req);
      const authorization = req.headers.get("authorization");
      if (!authorization) {
        const caller = sessionCaller(await currentUserId());
        countSessionRequest(caller.userId);
        return toResponse(await handler({ req, params: await ctx.params, userId: caller.userId, caller }));
      }
      const { userId, scope } = await authenticateApiToken(authorization);
      const caller = tokenCaller(userId, scope);
      const rate = await countApiTokenRequest(scope.tokenId, userId);
      const response = await (async () => {
        if (scope.readOnly && !READ_METHODS.has(req.method)) {
          throw new AppError("FORBIDDEN", "This API token is read-only. Make a read-write token to change data.");
        }
        return toResponse(await handler({ req, params: await ctx.params, userId, caller }));
      })().catch(errorResponse);
      return withRateLimitHeaders(response, rate);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

const actionOf = (what: Role | Action): Action => (Object.hasOwn(ROLE_ACTION, what) ? ROLE_ACTION[what as Role] : (what as Action));

/**
 * For routes under /api/projects/[id]: the caller's access to the project, if the permission
 * table lets them do `action` there (a role is read as the action that role starts at).
 */
export function withProject<P extends Params & { id: string }>(
  action: Role | Action,
  handler: (ctx: UserContext<P> & { access: ProjectAccess }) => Promise<Result>,
) {
  return withUser<P>(async (ctx) => handler({ ...ctx, access: await resolveProject(ctx.caller, ctx.params.id, actionOf(action)) }));
}

/**
 * For routes under /api/documents/[id]: the same for the document's project. `reserve`, when
 * given, takes something for the caller before any access check touches the database (a stream
 * slot: an account past its limit is refused at almost no cost) and hands back the function that
 * returns it; it is returned at once if access is refused or the handler throws.
 */
export function withDocument<P extends Params & { id: string }>(
  action: Role | Action,
  handler: (ctx: UserContext<P> & { access: DocumentAccess; release: () => void }) => Promise<Result>,
  reserve?: (userId: string) => () => void,
) {
  return withUser<P>(async (ctx) => {
    const release = reserve?.(ctx.userId) ?? (() => undefined);
    try {
      return await handler({ ...ctx, access: await resolveDocument(ctx.caller, ctx.params.id, actionOf(action)), release });
    } catch (error) {
      release();
      throw error;
    }
  });
}


export const MAX_JSON_BYTES = 1024 * 1024;

const isJsonMediaType = (contentType: string) => /^application\/([\w.+-]+\+)?json$/i.test(contentType.split(";")[0].trim());

const unsupportedMediaType = (contentType: string | null) =>
  new AppError(
    "UNSUPPORTED_MEDIA_TYPE",
    `Send the request body as JSON with the header "Content-Type: application/json"${contentType ? ` (it was sent as ${contentType.split(";")[0].trim() || "an empty type"})` : " (it had none)"}.`,
  );

/**
 * Reads a JSON body of bounded size (capped while it streams in), refuses NUL characters and
 * validates it. The body must be declared as JSON: a form or text/plain body is what another site
 * can send without a CORS preflight, so it is refused (415) even if its text is JSON. An empty
 * body (a DELETE, an action without options) needs no type and reads as {}.
 */
export async function readJson<S extends z.ZodType>(req: Request, schema: S, maxBytes = MAX_JSON_BYTES): Promise<z.infer<S>> {
  const contentType = req.headers.get("content-type");
  if (contentType !== null && !isJsonMediaType(contentType)) throw unsupportedMediaType(contentType);
  const bytes = await readBodyBytes(req, maxBytes, (limit) => `The request body is over the limit of ${megabytes(limit)}.`);
  if (bytes.byteLength > 0 && contentType === null) throw unsupportedMediaType(null);
  const text = new TextDecoder().decode(bytes);
  return schema.parse(text === "" ? {} : parseJsonText(text));
}

export const created = (data: unknown) => json(data, 201);
