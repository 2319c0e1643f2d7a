// One account cannot hold more live streams than its share, nor an instance more than it takes:
// beyond either the events route answers 429 with Retry-After, and a closed stream frees its slot.
// Real route, real PostgreSQL; only the session is stubbed.
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { uuidv7 } from "@/lib/ids";
import { useTestDatabase } from "@/lib/testing/test-database";

const session = vi.hoisted(() => ({ userId: "" }));
vi.mock("@/lib/auth", () => ({ auth: async () => (session.userId ? { user: { id: session.userId } } : null) }));

let db: typeof import("@/lib/db").db;
let events: typeof import("@/app/api/documents/[id]/events/route");
let limits: typeof import("@/lib/server/live/stream-limits");

beforeAll(async () => {
  process.env.MAX_STREAMS_PER_ACCOUNT = "3";
  process.env.MAX_STREAMS_PER_INSTANCE = "5";
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  events = await import("@/app/api/documents/[id]/events/route");
  limits = await import("@/lib/server/live/stream-limits");
});

afterAll(async () => {
  delete process.env.MAX_STREAMS_PER_ACCOUNT;
  delete process.env.MAX_STREAMS_PER_INSTANCE;
  await (await import("@/lib/server/live/change-listener")).stopListening();
  await (await import("@/lib/server/db/sql-pool")).closeSqlPool();
});

async function personWithDocument(name: string) {
  const { createProject } = await import("@/lib/server/projects/create-project");
  const user = await db.user.create({ data: { email: `${name}-${uuidv7()}@limits.test`, name } });
  const project = await createProject(user.id, { name: `Limits ${name}`, description: "" });
  const text = "Kim Jong Un met Vladimir Putin.";
  const document = await db.document.create({ data: { projectId: project.id, title: "Doc", text, contentHash: uuidv7(), length: text.length } });
  return { user, document };
}

async function open(userId: string, documentId: string) {
  session.userId = userId;
  const abort = new AbortController();
  const response = await events.GET(new Request(`http://local/api/documents/${documentId}/events`, { signal: abort.signal }), { params: Promise.resolve({ id: documentId }) });
  return {
    response,
    close: async () => {
      abort.abort();
      await response.body?.cancel().catch(() => undefined);
    },
  };
}

test("an account's fourth stream (limit 3) gets 429 with Retry-After; closing one lets the next in", async () => {
  const a = await personWithDocument("streamer");
  const opened = [await open(a.user.id, a.document.id), await open(a.user.id, a.document.id), await open(a.user.id, a.document.id)];
  expect(opened.map((o) => o.response.status)).toEqual([200, 200, 200]);
  const refused = await open(a.user.id, a.document.id);
  expect(refused.response.status).toBe(429);
  expect(refused.response.headers.get("retry-after")).toMatch(/^\d+$/);
  expect(((await refused.response.json()) as { error: string }).error).toMatch(/live streams open/);

  await opened[0].close();
  await expect.poll(() => limits.openStreamCount()).toBe(2);
  const again = await open(a.user.id, a.document.id);
  expect(again.response.status).toBe(200);
  await Promise.all([...opened.slice(1), again].map((o) => o.close()));
  await expect.poll(() => limits.openStreamCount()).toBe(0);
});

test("the instance's limit (5) holds across accounts", async () => {
  const people = await Promise.all(["one", "two"].map((n) => personWithDocument(n)));
  const opened = [];
  for (let i = 0; i < 5; i++) {
    const p = people[i % 2];
    opened.push(await open(p.user.id, p.document.id));
  }
  expect(opened.map((o) => o.response.status)).toEqual([200, 200, 200, 200, 200]);
  const third = await personWithDocument("three");
  expect((await open(third.user.id, third.document.id)).response.status).toBe(429);
  await Promise.all(opened.map((o) => o.close()));
  await expect.poll(() => limits.openStreamCount()).toBe(0);
});

test("an account at its limit is refused before any access check, and a refused request keeps no slot", async () => {
  const a = await personWithDocument("looper");
  const opened = await Promise.all([0, 1, 2].map(() => open(a.user.id, a.document.id)));
  expect(opened.map((o) => o.response.status)).toEqual([200, 200, 200]);
  // A document that does not exist would be a 404 after the lookup: the 429 comes first, so a
  // script opening streams in a loop past its limit costs no document or membership query.
  expect((await open(a.user.id, uuidv7())).response.status).toBe(429);
  await Promise.all(opened.map((o) => o.close()));
  await expect.poll(() => limits.openStreamCount()).toBe(0);

  // Refused by the access check (no such document; someone else's document): the slot comes back.
  const other = await personWithDocument("stranger");
  for (let i = 0; i < 5; i++) {
    expect((await open(a.user.id, uuidv7())).response.status).toBe(404);
    expect((await open(a.user.id, other.document.id)).response.status).toBe(404);
  }
  expect(limits.openStreamCount()).toBe(0);
  // And concurrently: 10 at once give exactly the 3 the account may hold.
  const burst = await Promise.all(Array.from({ length: 10 }, () => open(a.user.id, a.document.id)));
  expect(burst.filter((o) => o.response.status === 200)).toHaveLength(3);
  expect(burst.filter((o) => o.response.status === 429)).toHaveLength(7);
  await Promise.all(burst.map((o) => o.close()));
  await expect.poll(() => limits.openStreamCount()).toBe(0);
});
