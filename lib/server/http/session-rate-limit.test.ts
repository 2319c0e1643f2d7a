// A browser session's API requests are capped per account: past the limit a real route answers 429
// with Retry-After and a message saying when to come back, other accounts are not affected, and
// the next window lets the account in again. Real route, real PostgreSQL; only the session is stubbed.
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { uuidv7 } from "@/lib/ids";
import { useTestDatabase } from "@/lib/testing/test-database";

const session = vi.hoisted(() => ({ userId: "" }));
vi.mock("@/lib/auth", () => ({ auth: async () => (session.userId ? { user: { id: session.userId } } : null) }));

let db: typeof import("@/lib/db").db;
let projects: typeof import("@/app/api/projects/route");
let limit: typeof import("@/lib/server/http/session-rate-limit");

beforeAll(async () => {
  process.env.SESSION_RATE_LIMIT = "25";
  process.env.SESSION_RATE_LIMIT_WINDOW = "3600";
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  projects = await import("@/app/api/projects/route");
  limit = await import("@/lib/server/http/session-rate-limit");
});

afterAll(() => {
  delete process.env.SESSION_RATE_LIMIT;
  delete process.env.SESSION_RATE_LIMIT_WINDOW;
});

const person = (name: string) => db.user.create({ data: { email: `${name}-${uuidv7()}@rate.test`, name } });

async function list(userId: string) {
  session.userId = userId;
  return projects.GET(new Request("http://local/api/projects"), { params: Promise.resolve({}) });
}

test("an account's 26th request in the window (limit 25) gets 429 with Retry-After; another account is not affected", async () => {
  const [busy, other] = await Promise.all([person("busy"), person("other")]);
  const statuses: number[] = [];
  for (let i = 0; i < 25; i++) statuses.push((await list(busy.id)).status);
  expect(statuses.every((s) => s === 200)).toBe(true);
  const refused = await list(busy.id);
  expect(refused.status).toBe(429);
  expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
  expect(((await refused.json()) as { error: string }).error).toMatch(/Too many requests from your account: at most 25 per 3600 seconds/);
  expect((await list(other.id)).status).toBe(200);
});

test("the next window lets the account in again", () => {
  const id = uuidv7();
  const t = 7_200_000 * 1000;
  for (let i = 0; i < 25; i++) limit.countSessionRequest(id, t);
  expect(() => limit.countSessionRequest(id, t + 1)).toThrow(/Too many requests/);
  expect(() => limit.countSessionRequest(id, t + 3_600_000)).not.toThrow();
});
