import fs from "node:fs";
import path from "node:path";
import { Validator, type SpecData } from "@seriousme/openapi-schema-validator";
import { expect, test } from "vitest";
import { openApiDocument, openApiPath } from "@/lib/api/openapi/document";
import { exportQuery, OPERATIONS } from "@/lib/api/openapi/operations";
import { exportOptionsSchema } from "@/lib/schemas/export";
import { openApiMismatches } from "@/lib/testing/openapi-check";

const root = path.resolve(import.meta.dirname, "../../..");
const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Every app/api/**\/route.ts with the methods its source exports, read from the file (nothing imported). */
function routeFiles() {
  const apiDir = path.join(root, "app/api");
  return (fs.readdirSync(apiDir, { recursive: true }) as string[])
    .filter((f) => path.basename(f) === "route.ts")
    .map((f) => {
      const file = path.join(apiDir, f);
      const source = fs.readFileSync(file, "utf8");
      const route = "/api/" + path.dirname(f).split(path.sep).join("/");
      const methods = HTTP_METHODS.filter((m) => new RegExp(`export\\s+(const\\s+${m}\\b|(async\\s+)?function\\s+${m}\\b|\\{[^}]*\\b${m}\\b)`).test(source));
      return { route, file, source, methods };
    });
}

test("the document lists every route file and every method it exports, and nothing else", () => {
  const files = routeFiles();
  expect(files.length).toBeGreaterThan(70);
  const onDisk = files.flatMap(({ route, methods }) => methods.map((m) => `${m} ${openApiPath(route)}`)).sort();
  const paths = openApiDocument().paths ?? {};
  const documented = Object.entries(paths)
    .flatMap(([p, item]) => HTTP_METHODS.filter((m) => (item as Record<string, unknown>)[m.toLowerCase()]).map((m) => `${m} ${p}`))
    .sort();
  const missing = onDisk.filter((key) => !documented.includes(key));
  const stale = documented.filter((key) => !onDisk.includes(key));
  expect(missing, "Routes missing from the OpenAPI document: add them to lib/api/openapi/operations.ts (see lib/api/README.md)").toEqual([]);
  expect(stale, "Documented operations with no route file or exported method").toEqual([]);
});

test("each operation names the access its route file's wrapper really checks", () => {
  const problems: string[] = [];
  for (const { route, source, methods } of routeFiles()) {
    for (const method of methods) {
      const op = OPERATIONS.find((o) => o.method === method && o.path === route);
      if (!op) continue; // reported by the test above
      // The statement that exports this method, up to the next export.
      const start = source.search(new RegExp(`export\\s+(const|(async\\s+)?function)\\s+${method}\\b`));
      const rest = source.slice(start + 1);
      const statement = source.slice(start, rest.search(/\nexport\s/) === -1 ? undefined : start + 1 + rest.search(/\nexport\s/));
      const wrapper = /with(Project|Document|User)\s*(?:<[^>]*>)?\(\s*(?:"([\w-]+)")?/.exec(statement);
      const sessionOnly = /requireSession\(/.test(statement);
      const actual = !wrapper ? "public" : wrapper[1] === "User" ? "signed-in" : wrapper[1].toLowerCase();
      const where = `${method} ${route}`;
      if (op.access.kind !== actual) problems.push(`${where}: the file uses ${actual}, the document says ${op.access.kind}`);
      if ((op.access.kind === "project" || op.access.kind === "document") && wrapper?.[2] !== op.access.action) {
        problems.push(`${where}: the file checks "${wrapper?.[2]}", the document says "${op.access.action}"`);
      }
      if (op.access.kind === "signed-in" && Boolean(op.access.sessionOnly) !== sessionOnly) problems.push(`${where}: browser session only is ${sessionOnly} in the file`);
    }
  }
  expect(problems).toEqual([]);
});

test("the document is valid OpenAPI 3.1", async () => {
  const document = openApiDocument();
  expect(document.openapi).toBe("3.1.0");
  const validator = new Validator();
  const result = await validator.validate(structuredClone(document) as unknown as SpecData);
  expect(result.errors ?? [], JSON.stringify(result.errors ?? []).slice(0, 2000)).toEqual([]);
  expect(result.valid).toBe(true);
  expect(validator.version).toBe("3.1");
  // The validator does refuse a broken document (a parameter in a place OpenAPI 3 has no such thing).
  const broken = structuredClone(document) as unknown as { paths: Record<string, Record<string, { parameters?: unknown }>> };
  broken.paths["/api/projects"].get.parameters = [{ name: "x", in: "body", schema: { type: "string" } }];
  expect((await new Validator().validate(broken as unknown as SpecData)).valid).toBe(false);
});

test("every operation states who may call it, and every status it answers has a schema or says it has no body", () => {
  const paths = openApiDocument().paths ?? {};
  for (const [p, item] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(item as Record<string, { "x-permission"?: { who: string }; responses: Record<string, { content?: object }> }>)) {
      expect(op["x-permission"]?.who, `${method} ${p}`).toBeTruthy();
      const statuses = Object.keys(op.responses).map(Number);
      expect(statuses.some((s) => s < 400), `${method} ${p} has a success status`).toBe(true);
      if (p !== "/api/health" && p !== "/api/openapi.json") expect(statuses, `${method} ${p}`).toContain(503);
    }
  }
  // A route under a project or document that a stranger may not see answers 404, and a body 400.
  const labels = paths["/api/projects/{id}/labels"] as Record<string, { responses: Record<string, unknown> }>;
  expect(Object.keys(labels.post.responses)).toEqual(expect.arrayContaining(["201", "400", "401", "403", "404", "409", "413", "415"]));
});

test("the checker refuses an answer the document does not describe", () => {
  const label = { id: "l1", name: "Person", kind: "ENTITY", color: "#fcd34d", hotkey: null, description: "", position: 0 };
  expect(openApiMismatches({ method: "POST", route: "/api/projects/[id]/labels", status: 201, body: label })).toEqual([]);
  // A field of the wrong type, a missing one, a status the operation never answers, an unknown route.
  expect(openApiMismatches({ method: "POST", route: "/api/projects/[id]/labels", status: 201, body: { ...label, position: "first" } })).toHaveLength(1);
  expect(openApiMismatches({ method: "POST", route: "/api/projects/[id]/labels", status: 201, body: { ...label, kind: undefined } })[0]).toMatch(/kind/);
  expect(openApiMismatches({ method: "POST", route: "/api/projects/[id]/labels", status: 418, body: label })[0]).toMatch(/does not list status 418/);
  expect(openApiMismatches({ method: "GET", route: "/api/nowhere", status: 200, body: {} })[0]).toMatch(/not in the OpenAPI document/);
  // Errors carry {error, code}.
  expect(openApiMismatches({ method: "POST", route: "/api/projects/[id]/labels", status: 404, body: { error: "Not found", code: "NOT_FOUND" } })).toEqual([]);
  expect(openApiMismatches({ method: "POST", route: "/api/projects/[id]/labels", status: 404, body: { message: "Not found" } }).length).toBeGreaterThan(0);
});

test("the export's documented query names exactly the options the export reads (but the retired layer)", () => {
  const parsed = Object.keys((exportOptionsSchema.in as unknown as { shape: Record<string, unknown> }).shape).filter((k) => k !== "layer");
  expect(Object.keys(exportQuery.shape).sort()).toEqual(parsed.sort());
  // And what the document says parses: comma-separated lists, string flags.
  expect(exportOptionsSchema.parse({ format: "csv", kinds: "ENTITY,EVENT", guard: "false" })).toMatchObject({ kinds: ["ENTITY", "EVENT"], guard: false });
});

test("the roles x-permission names are those the authorization matrix lets through", async () => {
  const { AUTHORIZATION_MATRIX, isExempt } = await import("@/lib/testing/authorization-matrix");
  const { PERMISSIONS } = await import("@/lib/server/authz");
  const roleOf = { viewer: "VIEWER", annotator: "ANNOTATOR", curator: "CURATOR", owner: "OWNER" } as const;
  const column = { viewer: 2, annotator: 3, curator: 5, owner: 6 } as const;
  const problems: string[] = [];
  for (const op of OPERATIONS) {
    const action = "action" in op.access ? op.access.action : undefined;
    const row = AUTHORIZATION_MATRIX[`${op.method} ${op.path}` as keyof typeof AUTHORIZATION_MATRIX];
    if (!action || !row || isExempt(row)) continue;
    for (const actor of Object.keys(roleOf) as (keyof typeof roleOf)[]) {
      const allowed = PERMISSIONS[action].roles.includes(roleOf[actor]);
      const status = row[column[actor]];
      const ownOnly = "ownOnly" in op.access && op.access.ownOnly;
      // Something that is someone else's (their export, their import) is not found, whatever the role.
      if (!allowed && status === 404 && ownOnly) continue;
      if (!allowed && status !== 403) problems.push(`${op.method} ${op.path}: ${actor} gets ${status}, but "${action}" is not for ${roleOf[actor]}`);
      // Ownership rules (the author only, never the author) refuse some of the roles the action allows.
      const byOwnership = PERMISSIONS[action].owners !== undefined || ownOnly;
      if (allowed && status === 403 && !byOwnership) problems.push(`${op.method} ${op.path}: ${actor} gets 403, but "${action}" is for ${roleOf[actor]}`);
    }
  }
  expect(problems).toEqual([]);
});
