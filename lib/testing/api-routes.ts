// Finds every API route handler on disk, so tests that must cover "every endpoint" cover a route
// the day it is added, without anyone remembering to list it.
import fs from "node:fs";
import path from "node:path";

export const MUTATING_METHODS = ["POST", "PUT", "PATCH", "DELETE"] as const;
export type MutatingMethod = (typeof MUTATING_METHODS)[number];

export type RouteHandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export type ApiRoute = {
  /** As the app serves it, dynamic segments kept: "/api/projects/[id]/labels/[labelId]". */
  route: string;
  /** Absolute path of the route.ts file. */
  file: string;
  /** Names of the dynamic segments, in order: ["id", "labelId"]. */
  params: string[];
  /** The mutating methods the file exports, read from its source (so tests can be named before anything is imported). */
  methods: MutatingMethod[];
};

const root = path.resolve(import.meta.dirname, "../..");

/** Every app/api/**\/route.ts, sorted by route. */
export function findApiRoutes(): ApiRoute[] {
  const apiDir = path.join(root, "app/api");
  const files = (fs.readdirSync(apiDir, { recursive: true }) as string[])
    .filter((f) => path.basename(f) === "route.ts")
    .map((f) => path.join(apiDir, f));
  return files
    .map((file) => {
      const route = "/" + path.relative(path.join(root, "app"), path.dirname(file)).split(path.sep).join("/");
      const params = [...route.matchAll(/\[(?:\.\.\.)?([^\]]+)\]/g)].map((m) => m[1]);
      const source = fs.readFileSync(file, "utf8");
      const methods = MUTATING_METHODS.filter((m) => new RegExp(`export\\s+(const\\s+${m}\\b|(async\\s+)?function\\s+${m}\\b|\\{[^}]*\\b${m}\\b)`).test(source));
      return { route, file, params, methods };
    })
    .sort((a, b) => a.route.localeCompare(b.route));
}

/** The module's handler for `method`; import only after the test database is set up. */
export async function loadHandler(route: ApiRoute, method: string): Promise<RouteHandler> {
  const mod = (await import(route.file)) as Partial<Record<string, unknown>>;
  const handler = mod[method];
  if (typeof handler !== "function") throw new Error(`${route.route} does not export ${method}`);
  return handler as RouteHandler;
}

/** The mutating methods the module really exports (to check the source scan above). */
export async function exportedMutatingMethods(route: ApiRoute): Promise<MutatingMethod[]> {
  const mod = (await import(route.file)) as Partial<Record<string, unknown>>;
  return MUTATING_METHODS.filter((m) => typeof mod[m] === "function");
}

type Handler<P> = (req: Request, ctx: { params: Promise<P> }) => Promise<Response>;

/** Calls a route handler as the app would, with an optional JSON body and API token; the answer's status and JSON. */
export async function callRoute<P extends Record<string, string>>(
  handler: Handler<P>,
  params: P,
  { method = "GET", query = "", body, token }: { method?: string; query?: string; body?: unknown; token?: string } = {},
): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read answers of many shapes
  const headers: Record<string, string> = {};
  if (body !== undefined) headers["content-type"] = "application/json";
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const req = new Request(`http://local/x${query}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const response = await handler(req, { params: Promise.resolve(params) });
  return { status: response.status, body: response.status === 204 ? null : await response.json() };
}
