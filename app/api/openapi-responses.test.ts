// Real answers against the OpenAPI document, on a project with something in every corner (the
// endpoint fixture: two annotators' work with reviews, comments, relations, a gold layer, knowledge
// base items, suggestions, proposals, a deleted document) and computed figures, so that nested
// fields are checked too. The authorization matrix checks every route's answers to each role and
// the hostile-input property test every refusal of the mutating routes; this adds full lists and
// the errors a client meets most (400, 404, 409, 415, 422).
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { uuidv7 } from "@/lib/ids";
import { findApiRoutes, loadHandler, type RouteHandler } from "@/lib/testing/api-routes";
import type { EndpointFixture } from "@/lib/testing/endpoint-fixture";
import { openApiMismatches } from "@/lib/testing/openapi-check";
import { useTestDatabase } from "@/lib/testing/test-database";

const session = vi.hoisted(() => ({ userId: "" }));
vi.mock("@/lib/auth", () => ({ auth: async () => (session.userId ? { user: { id: session.userId } } : null) }));

let f: EndpointFixture;

beforeAll(async () => {
  await useTestDatabase();
  const { createEndpointFixture } = await import("@/lib/testing/endpoint-fixture");
  f = await createEndpointFixture("openapi");
  const { computeFigures } = await import("@/lib/server/figures/compute-figures");
  await computeFigures({ projectId: f.project.id });
  await computeFigures({ projectId: f.project.id, documentId: f.documentId });
  session.userId = f.owner.id;
});

afterAll(() => {
  session.userId = "";
});

type Call = { method?: string; route: string; params: Record<string, string>; query?: string; body?: unknown; contentType?: string };

async function send({ method = "GET", route, params, query = "", body, contentType }: Call) {
  const apiRoute = findApiRoutes().find((r) => r.route === route);
  if (!apiRoute) throw new Error(`no route ${route}`);
  const handler: RouteHandler = await loadHandler(apiRoute, method);
  const headers: Record<string, string> = {};
  if (body !== undefined) headers["content-type"] = contentType ?? "application/json";
  const url = `http://workbench.test${route}${query}`;
  const request = new Request(url, { method, headers, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) });
  const response = await handler(request, { params: Promise.resolve(params) });
  const text = await response.text();
  let parsed: unknown = text || null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // a file or a stream: checked by its content type
  }
  const contentType_ = response.headers.get("content-type");
  return { status: response.status, body: parsed as Record<string, unknown>, problems: openApiMismatches({ method, route, status: response.status, body: parsed, contentType: contentType_ }) };
}

const project = (extra: Record<string, string> = {}) => ({ id: f.project.id, ...extra });

test("every read answers as the document says, with full lists", async () => {
  const reads: [string, () => Record<string, string>, string?][] = [
    ["/api/projects", () => ({})],
    ["/api/tokens", () => ({})],
    ["/api/projects/[id]", () => project()],
    ["/api/projects/[id]/members", () => project()],
    ["/api/projects/[id]/invitations", () => project()],
    ["/api/projects/[id]/imported-authors", () => project()],
    ["/api/projects/[id]/labels", () => project()],
    ["/api/projects/[id]/relation-types", () => project()],
    ["/api/projects/[id]/documents", () => project(), "?sort=annotations&dir=desc"],
    ["/api/projects/[id]/deleted-documents", () => project()],
    ["/api/projects/[id]/assignments", () => project()],
    ["/api/projects/[id]/my-assignments", () => project()],
    ["/api/projects/[id]/progress", () => project()],
    ["/api/projects/[id]/agreement", () => project()],
    ["/api/projects/[id]/review-queue", () => project(), "?state=ALL"],
    ["/api/projects/[id]/attention", () => project()],
    ["/api/projects/[id]/unseen-replies", () => project()],
    ["/api/projects/[id]/knowledge", () => project()],
    ["/api/projects/[id]/knowledge/[itemId]", () => project({ itemId: f.items.putin.id })],
    ["/api/projects/[id]/knowledge/candidates", () => project(), "?q=Putin"],
    ["/api/projects/[id]/claims", () => project()],
    ["/api/projects/[id]/timeline", () => project()],
    ["/api/projects/[id]/recommenders", () => project()],
    ["/api/projects/[id]/search", () => project(), "?q=Putin"],
    ["/api/projects/[id]/export/summary", () => project(), "?format=w3c"],
    ["/api/projects/[id]/export/summary", () => project(), "?format=jsonl&layers=annotators-and-gold"],
    ["/api/documents/[id]", () => ({ id: f.documentId }), "?raw=1"],
    ["/api/documents/[id]/annotations", () => ({ id: f.documentId })],
    ["/api/documents/[id]/annotations", () => ({ id: f.documentId }), "?since=0"],
    ["/api/documents/[id]/relations", () => ({ id: f.documentId })],
    ["/api/documents/[id]/revisions", () => ({ id: f.documentId })],
    ["/api/documents/[id]/suggestions", () => ({ id: f.plainId })],
    ["/api/documents/[id]/proposals", () => ({ id: f.plainId })],
    ["/api/documents/[id]/curation", () => ({ id: f.documentId })],
    ["/api/documents/[id]/agreement", () => ({ id: f.documentId })],
    ["/api/annotations/[id]/history", () => ({ id: f.own.id })],
    ["/api/annotations/[id]/comments", () => ({ id: f.own.id })],
    ["/api/annotations/[id]/reviews", () => ({ id: f.ids.putin.id })],
    ["/api/projects/[id]/export", () => project(), "?format=csv"],
  ];
  const problems: string[] = [];
  const answers = new Map<string, Record<string, unknown>>();
  for (const [route, params, query] of reads) {
    const { status, body, problems: found } = await send({ route, params: params(), query });
    if (status !== 200) problems.push(`GET ${route}${query ?? ""}: ${status} ${JSON.stringify(body).slice(0, 200)}`);
    problems.push(...found);
    answers.set(`${route}${query ?? ""}`, body);
  }
  expect(problems).toEqual([]);
  // The lists were not empty, so their items' fields were checked.
  const items = (key: string, field: string) => ((answers.get(key)?.[field] ?? []) as unknown[]).length;
  expect(items("/api/projects/[id]/review-queue?state=ALL", "items")).toBeGreaterThan(3);
  expect(items("/api/documents/[id]/annotations", "annotations")).toBeGreaterThan(3);
  expect(items("/api/projects/[id]/knowledge", "items")).toBeGreaterThan(1);
  expect(items("/api/projects/[id]/timeline", "events") + items("/api/projects/[id]/timeline", "undated")).toBeGreaterThan(0);
  expect(items("/api/documents/[id]/proposals", "proposals")).toBeGreaterThan(0);
  expect(((answers.get("/api/projects/[id]/search?q=Putin")?.annotations as { items: unknown[] }).items).length).toBeGreaterThan(0);
  expect(answers.get("/api/projects/[id]/progress")?.computedAt).not.toBeNull();
  expect(answers.get("/api/projects/[id]/agreement")?.overall).toBeDefined();
});

test("the errors a client meets most answer as the document says", async () => {
  const person = f.labels.find((l) => l.name === "Person")!.id;
  const cases: [string, Call, number][] = [
    ["a search without words", { route: "/api/projects/[id]/search", params: project() }, 400],
    ["a bad cursor", { route: "/api/documents/[id]/annotations", params: { id: f.documentId }, query: "?since=-1" }, 400],
    ["an unknown document", { route: "/api/documents/[id]", params: { id: uuidv7() } }, 404],
    ["a label with no name", { method: "POST", route: "/api/projects/[id]/labels", params: project(), body: { kind: "ENTITY", color: "#fcd34d" } }, 400],
    ["a body sent as text", { method: "POST", route: "/api/projects/[id]/labels", params: project(), body: JSON.stringify({ name: "X", kind: "ENTITY", color: "#fcd34d" }), contentType: "text/plain" }, 415],
    ["a stale version", { method: "PATCH", route: "/api/annotations/[id]", params: { id: f.own.id }, body: { version: 99, note: "late" } }, 409],
    ["a quote that is not at its position", { method: "POST", route: "/api/documents/[id]/annotations", params: { id: f.plainId }, body: { id: uuidv7(), labelId: person, start: 0, end: 5, exact: "Kim J", attributes: {}, note: "" } }, 422],
    ["a label still in use", { method: "DELETE", route: "/api/projects/[id]/labels/[labelId]", params: project({ labelId: person }) }, 409],
  ];
  const problems: string[] = [];
  for (const [what, call, expected] of cases) {
    const { status, body, problems: found } = await send(call);
    if (status !== expected) problems.push(`${what}: expected ${expected}, got ${status} ${JSON.stringify(body).slice(0, 200)}`);
    problems.push(...found.map((p) => `${what}: ${p}`));
  }
  expect(problems).toEqual([]);
});

test("the main writes answer as the document says", async () => {
  const person = f.labels.find((l) => l.name === "Person")!.id;
  const location = f.labels.find((l) => l.name === "Location")!.id;
  const writes: [Call, number][] = [
    [{ method: "POST", route: "/api/projects/[id]/labels", params: project(), body: { name: "Organisation 2", kind: "ENTITY", color: "#fcd34d" } }, 201],
    [{ method: "PATCH", route: "/api/projects/[id]", params: project(), body: { description: "Described" } }, 200],
    [{ method: "POST", route: "/api/documents/[id]/annotations", params: { id: f.plainId }, body: { id: uuidv7(), labelId: location, start: 14, end: 23, exact: "Pyongyang", attributes: {}, note: "" } }, 201],
    // The owner tagged "Putin" as Person already (the fixture): the same tag again is refused.
    [{ method: "POST", route: "/api/documents/[id]/annotations", params: { id: f.plainId }, body: { id: uuidv7(), labelId: person, start: 0, end: 5, exact: "Putin", attributes: {}, note: "" } }, 409],
    [{ method: "PATCH", route: "/api/annotations/[id]", params: { id: f.own.id }, body: { version: 1, note: "changed" } }, 200],
    [{ method: "POST", route: "/api/projects/[id]/documents", params: project(), body: { documents: [{ name: "new.txt", text: "Kim Jong Un arrived." }], dryRun: true } }, 200],
    [{ method: "POST", route: "/api/projects/[id]/documents", params: project(), body: { documents: [{ name: "new.txt", text: "Kim Jong Un arrived." }] } }, 201],
    [{ method: "POST", route: "/api/documents/[id]/curation/merge", params: { id: f.documentId } }, 200],
    [{ method: "DELETE", route: "/api/documents/[id]", params: { id: f.plainId } }, 200],
  ];
  const problems: string[] = [];
  for (const [call, expected] of writes) {
    const { status, body, problems: found } = await send(call);
    if (status !== expected) problems.push(`${call.method} ${call.route}: expected ${expected}, got ${status} ${JSON.stringify(body).slice(0, 200)}`);
    problems.push(...found);
  }
  expect(problems).toEqual([]);
});

test("ids that are not ids, in every route, are answered as the document says", async () => {
  const problems: string[] = [];
  for (const route of findApiRoutes()) {
    if (route.route.includes("[...nextauth]") || route.params.length === 0) continue;
    const exported = (await import(route.file)) as Record<string, unknown>;
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"].filter((m) => typeof exported[m] === "function")) {
      for (const bad of ["not-an-id", uuidv7()]) {
        const params = Object.fromEntries(route.params.map((name) => [name, bad]));
        const { status, problems: found } = await send({ method, route: route.route, params, body: method === "GET" || method === "DELETE" ? undefined : {} });
        if (status >= 500) problems.push(`${method} ${route.route} with ${bad}: ${status}`);
        problems.push(...found);
      }
    }
  }
  expect(problems).toEqual([]);
});
