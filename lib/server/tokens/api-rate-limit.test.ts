// The API token rate limit at the HTTP edge, with low limits: per token, per account over all its
// tokens, answered with 429, Retry-After and the RateLimit-* headers; browser sessions are not
// limited, and other accounts are not affected.
import { beforeAll, expect, test, vi } from "vitest";
import { uuidv7 } from "@/lib/ids";
import { callRoute } from "@/lib/testing/api-routes";
import { useTestDatabase } from "@/lib/testing/test-database";

const session = vi.hoisted(() => ({ userId: "" }));
vi.mock("@/lib/auth", () => ({ auth: async () => (session.userId ? { user: { id: session.userId } } : null) }));

let db: typeof import("@/lib/db").db;
let createProject: typeof import("@/lib/server/projects/create-project").createProject;
let projects: typeof import("@/app/api/projects/route");
let tokens: typeof import("@/app/api/tokens/route");

beforeAll(async () => {
  // A day-long window, so the test never straddles two windows.
  Object.assign(process.env, { API_TOKEN_RATE_LIMIT: "3", API_ACCOUNT_RATE_LIMIT: "5", API_RATE_LIMIT_WINDOW: "86400" });
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  ({ createProject } = await import("@/lib/server/projects/create-project"));
  projects = await import("@/app/api/projects/route");
  tokens = await import("@/app/api/tokens/route");
});

async function account(name: string) {
  const user = await db.user.create({ data: { email: `${name}-${uuidv7()}@rate.test`, name } });
  const project = await createProject(user.id, { name: `${name}'s`, description: "" });
  session.userId = user.id;
  const make = async () => {
    const made = await callRoute(tokens.POST, {}, { method: "POST", body: { name: "script", projectIds: [project.id], access: "READ_WRITE", expiresInDays: 30 } });
    expect(made.status).toBe(201);
    return made.body.secret as string;
  };
  const secrets = [await make(), await make()];
  session.userId = "";
  return { user, secrets };
}

async function list(secret?: string) {
  const headers: Record<string, string> = secret ? { authorization: `Bearer ${secret}` } : {};
  const response = await projects.GET(new Request("http://local/api/projects", { headers }), { params: Promise.resolve({}) });
  return { status: response.status, headers: response.headers, body: (await response.json()) as { error?: string; projects?: unknown[] } };
}

test("a token over its limit gets 429 with Retry-After and RateLimit-* headers; its account's other tokens share an account limit", async () => {
  const { user, secrets: [first, second] } = await account("ada");
  for (const remaining of [2, 1, 0]) {
    const ok = await list(first);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("ratelimit-limit")).toBe("3");
    expect(ok.headers.get("ratelimit-remaining")).toBe(String(remaining));
    expect(ok.headers.get("ratelimit-policy")).toBe("3;w=86400");
    expect(Number(ok.headers.get("ratelimit-reset"))).toBeGreaterThan(0);
  }
  const refused = await list(first);
  expect(refused.status).toBe(429);
  expect(refused.body.error).toMatch(/Too many requests with this API token: at most 3 per 86400 seconds/);
  const retryAfter = Number(refused.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(86400);
  expect(refused.headers.get("ratelimit-remaining")).toBe("0");
  expect(refused.headers.get("ratelimit-reset")).toBe(String(retryAfter));

  // The account has used 4 of its 5 (the refused request counts too): the second token gets one.
  const shared = await list(second);
  expect(shared.status).toBe(200);
  expect(shared.headers.get("ratelimit-limit")).toBe("5");
  expect(shared.headers.get("ratelimit-remaining")).toBe("0");
  const accountRefused = await list(second);
  expect(accountRefused.status).toBe(429);
  expect(accountRefused.body.error).toMatch(/your account's API tokens together: at most 5/);

  // The same person in the browser is not limited by the API limit.
  session.userId = user.id;
  for (let i = 0; i < 6; i++) expect((await list()).status).toBe(200);
  session.userId = "";
});

test("another account's tokens are not affected, and the counters are kept in the database (shared by every instance)", async () => {
  const ada = await account("ada2");
  const bob = await account("bob");
  for (let i = 0; i < 4; i++) await list(ada.secrets[0]);
  expect((await list(ada.secrets[0])).status).toBe(429);
  const bobs = await list(bob.secrets[0]);
  expect(bobs.status).toBe(200);
  expect(bobs.headers.get("ratelimit-remaining")).toBe("2");
  const tokenRows = await db.apiToken.findMany({ where: { userId: ada.user.id }, select: { id: true } });
  const counts = await db.apiRequestCount.findMany({ where: { key: { in: [...tokenRows.map((t) => `token:${t.id}`), `account:${ada.user.id}`] } } });
  expect(counts.map((c) => c.count).sort()).toEqual([5, 5]);
});
