// The LISTEN connection only listens: whatever the live features do (streams opening and closing,
// presence, access re-checks, a lost connection coming back), the one client that runs LISTEN
// runs nothing else. The pg driver deprecates concurrent queries on one client, and a NOTIFY
// queued behind a slow query there would hold up every live update of the process.
import pg from "pg";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { uuidv7 } from "@/lib/ids";
import { useTestDatabase } from "@/lib/testing/test-database";

const session = vi.hoisted(() => ({ userId: "" }));
vi.mock("@/lib/auth", () => ({ auth: async () => (session.userId ? { user: { id: session.userId } } : null) }));

type Call = { client: pg.Client; text: string };
const calls: Call[] = [];

beforeAll(async () => {
  await useTestDatabase();
  const original = pg.Client.prototype.query;
  // Every query of every pg client of this process (the pool's too), with the client that ran it.
  vi.spyOn(pg.Client.prototype, "query").mockImplementation(function (this: pg.Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    calls.push({ client: this, text: typeof first === "string" ? first : (first?.text ?? "") });
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original);
});

afterAll(async () => {
  vi.restoreAllMocks();
  await (await import("@/lib/server/live/change-listener")).stopListening();
  await (await import("@/lib/server/db/sql-pool")).closeSqlPool();
});

test("the LISTEN connection runs LISTEN and nothing else; presence goes out through the pool", async () => {
  const { db } = await import("@/lib/db");
  const listener = await import("@/lib/server/live/change-listener");
  const { recheckStreamAccess } = await import("@/lib/server/live/stream-access");
  const events = await import("@/app/api/documents/[id]/events/route");
  const { createProject } = await import("@/lib/server/projects/create-project");
  const user = await db.user.create({ data: { email: `listen-${uuidv7()}@streams.test`, name: "Listener" } });
  const project = await createProject(user.id, { name: "Listen", description: "" });
  const document = await db.document.create({ data: { projectId: project.id, title: "Doc", text: "Hello.", contentHash: uuidv7(), length: 6 } });
  session.userId = user.id;

  await listener.ensureListening();
  const heard: string[] = [];
  const off = listener.onPresence((n) => heard.push(n.state));
  const abort = new AbortController();
  const response = await events.GET(new Request("http://local/x", { signal: abort.signal }), { params: Promise.resolve({ id: document.id }) });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  await reader.read();
  // The stream announces itself; the announcement comes back through LISTEN.
  await expect.poll(() => heard).toContain("here");
  await listener.announcePresence({ documentId: document.id, userId: user.id, name: "Listener", connectionId: uuidv7(), state: "gone" });
  await expect.poll(() => heard).toContain("gone");
  await recheckStreamAccess();
  await db.membership.update({ where: { projectId_userId: { projectId: project.id, userId: user.id } }, data: { role: "OWNER" } });
  abort.abort();
  await reader.cancel().catch(() => undefined);
  // A lost connection and a new one.
  await listener.stopListening();
  await listener.ensureListening();
  await listener.announcePresence({ documentId: document.id, userId: user.id, name: "Listener", connectionId: uuidv7(), state: "here" });
  off();

  const listenClients = new Set(calls.filter((c) => /^LISTEN /.test(c.text)).map((c) => c.client));
  expect(listenClients.size).toBe(2);
  const onListenClients = calls.filter((c) => listenClients.has(c.client)).map((c) => c.text);
  expect(onListenClients.filter((text) => !/^(UN)?LISTEN \w+$/.test(text))).toEqual([]);
  // The check above can fail: presence notifications were sent, by other clients.
  expect(calls.filter((c) => c.text.includes("pg_notify") && !listenClients.has(c.client)).length).toBeGreaterThanOrEqual(3);
});
