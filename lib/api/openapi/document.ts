import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { errorBody } from "@/lib/schemas/responses/common";
import { PERMISSIONS, type Action } from "@/lib/server/authz";
import { OPERATIONS, type Access, type Operation } from "@/lib/api/openapi/operations";

// The OpenAPI 3.1 document of the workbench's API, generated from the zod schemas of requests and
// responses (./operations.ts) with @asteasolutions/zod-to-openapi. Served at /api/openapi.json and
// rendered at /api-reference; built once per process (the schemas do not change at run time).

/** "/api/projects/[id]/labels" → "/api/projects/{id}/labels"; "[...nextauth]" → "{nextauth}". */
export const openApiPath = (route: string) => route.replace(/\[(?:\.\.\.)?(\w+)\]/g, "{$1}");

const STATUS_TEXT: Record<number, string> = {
  400: "Invalid input: the message says what, `issues` which fields",
  401: "Not signed in (no session cookie or API token, or the token is unknown, expired or revoked)",
  403: "Not allowed: the role or ownership is not enough, a read-only token tried to write, an API token was used where only a browser session may act, or a cross-site request",
  404: "Not found, or not visible to you (non-members get 404, never 403, so ids don't leak)",
  409: "Conflict with the current state (the message says which)",
  413: "The request body is over the size limit",
  415: "The body was not sent as JSON (Content-Type: application/json)",
  422: "The annotation cannot be anchored: its quote does not match the text at its position",
  429: "Too many requests: an API token's rate limit or repeated failed passwords; Retry-After says when to try again",
  503: "The database cannot be reached right now; retry after Retry-After seconds",
};

/** The error statuses an operation can answer: those of its wrapper and input, and its own. */
export function errorStatuses(op: Operation): number[] {
  const statuses = new Set<number>([503, ...(op.errors ?? [])]);
  const writes = op.method !== "GET";
  if (op.access.kind !== "public") [401, 403, 429].forEach((s) => statuses.add(s));
  // Changing requests from another site are refused before anything else (route.ts checkOrigin).
  if (writes) statuses.add(403);
  if (op.access.kind === "project" || op.access.kind === "document" || /\[\w+\]/.test(op.path.replace("[...nextauth]", ""))) statuses.add(404);
  if (op.query || op.body || op.form) statuses.add(400);
  if (op.body || op.form) statuses.add(413);
  if (op.body && !op.form) statuses.add(415);
  return [...statuses].sort((a, b) => a - b);
}

/** What the permission table's ownership rule of an action adds, in words. */
function ownershipOf(action: Action): string {
  const owners = PERMISSIONS[action].owners;
  if (owners === "only") return " — only the author";
  if (owners === "never") return " — never on their own work";
  if (owners) return ` — on their own work; on other people's only with the roles of "${owners.othersNeed}" (${PERMISSIONS[owners.othersNeed].roles.join(", ")})`;
  return "";
}

/** The permission an operation needs, for `x-permission` and the reference page. */
export function permissionOf(access: Access): { who: string; action?: string; roles?: readonly string[]; writes?: boolean; sessionOnly?: boolean } {
  switch (access.kind) {
    case "public":
      return { who: "anyone, no sign-in" };
    case "signed-in": {
      const base = access.sessionOnly ? "a signed-in person in a browser session (API tokens are refused)" : "any signed-in person (session or API token)";
      if (!access.action) return { who: base, sessionOnly: access.sessionOnly };
      const p = PERMISSIONS[access.action];
      return { who: `a member of the resource's project who may ${p.doing}${access.note ? ` (${access.note})` : ""}${ownershipOf(access.action)}`, action: access.action, roles: p.roles, writes: p.writes };
    }
    case "project":
    case "document": {
      const p = PERMISSIONS[access.action];
      return { who: `a project member who may ${p.doing}${access.note ? ` (${access.note})` : ""}${ownershipOf(access.action)}`, action: access.action, roles: p.roles, writes: p.writes };
    }
  }
}

/** The path parameters of a route, from its [segments]. */
function pathParams(route: string) {
  const names = [...route.matchAll(/\[(?:\.\.\.)?(\w+)\]/g)].map((m) => m[1]);
  if (!names.length) return undefined;
  return z.object(Object.fromEntries(names.map((n) => [n, z.string().meta({ description: n === "nextauth" ? "Auth.js's path (e.g. session, csrf, signin/credentials)" : `The ${n === "id" ? "resource's" : n} id` })])));
}

/** A query schema as the generator takes it: the object a request's search parameters are parsed by. */
function queryObject(schema: z.ZodType): z.ZodObject {
  let s: z.ZodType = schema;
  while (s instanceof z.ZodPipe) s = s.in as z.ZodType;
  if (!(s instanceof z.ZodObject)) throw new Error("A query schema must be a zod object");
  return s;
}

const JSON_TYPE = "application/json";

/** The name of the shared response of an error status, in components.responses. */
export const errorResponseName = (status: number) => `Error${status}`;

function responsesOf(op: Operation): Record<string, ResponseConfig | { $ref: string }> {
  const responses: Record<string, ResponseConfig | { $ref: string }> = {};
  for (const success of op.ok) {
    const content = success.schema ? { [success.contentType ?? JSON_TYPE]: { schema: success.schema } } : success.contentType ? { [success.contentType]: { schema: z.string() } } : undefined;
    const earlier = responses[success.status] as ResponseConfig | undefined;
    responses[success.status] = earlier ? { ...earlier, description: `${earlier.description}; or: ${success.description}` } : { description: success.description, content };
  }
  // Errors refer to one shared response per status, which keeps the document a third of the size.
  for (const status of errorStatuses(op)) responses[status] ??= { $ref: `#/components/responses/${errorResponseName(status)}` };
  return responses;
}

function build() {
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "apiToken", {
    type: "http",
    scheme: "bearer",
    description: "A personal API token (awb_…), made on the account page; it reaches only the projects chosen for it, read-only or read-write",
  });
  const errorSchema = { $ref: "#/components/schemas/Error" };
  for (const [status, description] of Object.entries(STATUS_TEXT)) {
    registry.registerComponent("responses", errorResponseName(Number(status)), { description, content: { [JSON_TYPE]: { schema: errorSchema } } });
  }
  registry.registerComponent("securitySchemes", "session", { type: "apiKey", in: "cookie", name: "authjs.session-token", description: "The browser session of the web app" });
  for (const op of OPERATIONS) {
    const permission = permissionOf(op.access);
    const bodyContent: Record<string, { schema: z.ZodType }> = {};
    if (op.body) bodyContent[JSON_TYPE] = { schema: op.body };
    if (op.form) bodyContent["multipart/form-data"] = { schema: op.form };
    const route: RouteConfig = {
      method: op.method.toLowerCase() as RouteConfig["method"],
      path: openApiPath(op.path),
      operationId: `${op.method.toLowerCase()}${openApiPath(op.path).replace(/^\/api/, "").replace(/[{}]/g, "").replace(/[^\w]+(\w)?/g, (_, c: string | undefined) => (c ?? "").toUpperCase())}`,
      tags: [op.tag],
      summary: op.summary,
      description: `Who: ${permission.who}${permission.roles ? ` — roles ${permission.roles.join(", ")}` : ""}.`,
      security: op.access.kind === "public" ? [] : op.access.kind === "signed-in" && op.access.sessionOnly ? [{ session: [] }] : [{ session: [] }, { apiToken: [] }],
      request: {
        params: pathParams(op.path),
        query: op.query ? queryObject(op.query) : undefined,
        body: Object.keys(bodyContent).length ? { content: bodyContent, required: op.method !== "DELETE" } : undefined,
      },
      responses: responsesOf(op),
      "x-permission": permission,
    };
    registry.registerPath(route);
  }
  // errorBody (named "Error" by its meta id) is listed itself: operations refer to it only through the shared responses.
  const generator = new OpenApiGeneratorV31([...registry.definitions, { type: "schema", schema: errorBody }]);
  return generator.generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Annotation workbench API",
      version: "1",
      description:
        "Every route of the workbench's HTTP API. Authenticate with a personal API token (`Authorization: Bearer awb_…`) or the browser session. " +
        "Offsets are Unicode code points into a document's canonical text, end exclusive. Errors answer `{error, code}` JSON. " +
        "Each operation's `x-permission` names the action of the permission table (lib/server/authz.ts) and the roles it allows.",
    },
    servers: [{ url: "/" }],
  });
}

export type OpenApiDocument = ReturnType<typeof build>;
let cached: OpenApiDocument | null = null;

/** The document, built on first use and kept for the life of the process. */
export function openApiDocument(): OpenApiDocument {
  cached ??= build();
  return cached;
}

/** A response object as the document holds it. */
export type ResponseObject = { description: string; content?: Record<string, { schema?: unknown }> };

/** A response, or the shared one a `$ref` names (components.responses). */
export function resolveResponse(response: ResponseObject | { $ref: string } | undefined): ResponseObject | undefined {
  if (!response || !("$ref" in response)) return response;
  const name = response.$ref.slice(response.$ref.lastIndexOf("/") + 1);
  return (openApiDocument().components?.responses as Record<string, ResponseObject> | undefined)?.[name];
}
