// Page renders count against the same per-account session request limit as API requests: past
// it, a page answers with a redirect to a "too many requests, wait N s" page before any of its
// queries run, never a crash. Real pages and routes, real PostgreSQL; only the session is stubbed.
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { uuidv7 } from "@/lib/ids";
import { useTestDatabase } from "@/lib/testing/test-database";

const session = vi.hoisted(() => ({ userId: "" }));
vi.mock("@/lib/auth", () => ({ auth: async () => (session.userId ? { user: { id: session.userId, name: "n", email: "e@x" } } : null) }));

let db: typeof import("@/lib/db").db;
let projects: typeof import("@/app/api/projects/route");
let createProject: typeof import("@/lib/server/projects/create-project").createProject;
let AssignmentsPage: typeof import("@/app/projects/[id]/assignments/page").default;
let TooManyRequestsPage: typeof import("@/app/too-many-requests/page").default;

beforeAll(async () => {
  process.env.SESSION_RATE_LIMIT = "6";
  process.env.SESSION_RATE_LIMIT_WINDOW = "3600";
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  projects = await import("@/app/api/projects/route");
  ({ createProject } = await import("@/lib/server/projects/create-project"));
  AssignmentsPage = (await import("@/app/projects/[id]/assignments/page")).default;
  TooManyRequestsPage = (await import("@/app/too-many-requests/page")).default;
});

afterAll(() => {
  delete process.env.SESSION_RATE_LIMIT;
  delete process.env.SESSION_RATE_LIMIT_WINDOW;
});

const person = (name: string) => db.user.create({ data: { email: `${name}-${uuidv7()}@page-rate.test`, name } });
const render = (id: string) => AssignmentsPage({ params: Promise.resolve({ id }) });
/** Where a Next.js redirect() thrown by a render points (its digest is NEXT_REDIRECT;type;url;status;). */
const redirectOf = (error: unknown) => String((error as { digest?: string }).digest ?? "").split(";")[2];

test("page renders and API requests share the account's limit; the render past it redirects to a wait page, another account still renders", async () => {
  const [busy, other] = await Promise.all([person("busy"), person("other")]);
  const project = await createProject(busy.id, { name: "Rate", description: "" });
  session.userId = busy.id;
  for (let i = 0; i < 3; i++) expect((await projects.GET(new Request("http://local/api/projects"), { params: Promise.resolve({}) })).status).toBe(200);
  for (let i = 0; i < 3; i++) await expect(render(project.id)).resolves.toBeTruthy();
  const refused = await render(project.id).then(() => null, (e: unknown) => e);
  expect(refused).not.toBeNull();
  const target = new URL(redirectOf(refused), "http://local");
  expect(target.pathname).toBe("/too-many-requests");
  expect(Number(target.searchParams.get("wait"))).toBeGreaterThan(0);
  expect(target.searchParams.get("from")).toBe(`/projects/${project.id}/assignments`);
  // The API is refused too: one count for both.
  expect((await projects.GET(new Request("http://local/api/projects"), { params: Promise.resolve({}) })).status).toBe(429);

  session.userId = other.id;
  const otherProject = await createProject(other.id, { name: "Calm", description: "" });
  await expect(render(otherProject.id)).resolves.toBeTruthy();
});

test("the wait page says how long to wait and links back only to a path on this site", async () => {
  const html = renderToStaticMarkup(await TooManyRequestsPage({ searchParams: Promise.resolve({ wait: "42", from: "/projects/p/claims" }) }));
  expect(html).toContain("Too many requests");
  expect(html).toContain("Wait 42 seconds");
  expect(html).toContain('href="/projects/p/claims"');
  const hostile = renderToStaticMarkup(await TooManyRequestsPage({ searchParams: Promise.resolve({ wait: "nonsense", from: "//evil.example/x" }) }));
  expect(hostile).toContain('href="/projects"');
  expect(hostile).toContain("Wait 60 seconds");
});
