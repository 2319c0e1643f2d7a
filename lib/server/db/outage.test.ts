// The database stops and starts again under a running app process: requests answer 503 (retry
// later) instead of 500 while it is down, the connection pools recover by themselves, and the LISTEN
// connection behind live updates comes back and says so — however long the outage lasted.
// Its own PostgreSQL server, since this file stops it; the session is stubbed, the rest is real.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { removeEmbeddedData, startEmbeddedPostgres, type EmbeddedPostgres } from "@/lib/server/db/embedded-postgres";
import { migrate } from "@/lib/server/db/migrate";
import { isDatabaseUnavailable } from "@/lib/server/db/unavailable";
import { uuidv7 } from "@/lib/ids";
import { projectAccessOf } from "@/lib/testing/access";

const session = vi.hoisted(() => ({ userId: "" }));
vi.mock("@/lib/auth", () => ({ auth: async () => (session.userId ? { user: { id: session.userId } } : null) }));

const dir = path.resolve(import.meta.dirname, "../../../.data", `vitest-outage-${process.pid}`);
const serverOptions = { dataDir: path.join(dir, "postgres"), logFile: path.join(dir, "postgres.log") };
let server: EmbeddedPostgres;
let url: string;

beforeAll(async () => {
  fs.mkdirSync(dir, { recursive: true });
  server = await startEmbeddedPostgres({ ...serverOptions, port: 0 });
  await server.ensureDatabase("outage");
  url = server.urlFor("outage");
  await migrate(url);
  process.env.DATABASE_URL = url;
});

afterAll(async () => {
  const listener = await import("@/lib/server/live/change-listener");
  await listener.stopListening();
  await (await import("@/lib/server/db/sql-pool")).closeSqlPool();
  await (await import("@/lib/db")).db.$disconnect();
  await server?.stop();
  removeEmbeddedData(serverOptions.dataDir);
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Resolves with the first call of the listener registered by `subscribe`, or fails after `ms`. */
function nextEvent<T>(subscribe: (listener: (value: T) => void) => () => void, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (off(), reject(new Error(`no event within ${ms} ms`))), ms);
    const off = subscribe((value) => {
      clearTimeout(timer);
      off();
      resolve(value);
    });
  });
}

type Handler = (req: Request, ctx: { params: Promise<{ id: string }> }) => Promise<Response>;
const call = async (handler: Handler, id: string, body?: unknown) => {
  const req = new Request("http://local/x", body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const response = await handler(req, { params: Promise.resolve({ id }) });
  return { status: response.status, retryAfter: response.headers.get("retry-after"), body: await response.json() };
};

test("while the database is down requests answer 503, and afterwards writes, reads and live updates work again by themselves", async () => {
  const { db } = await import("@/lib/db");
  const { createProject } = await import("@/lib/server/projects/create-project");
  const { importDocuments } = await import("@/lib/server/documents/import-documents");
  const { sqlPool } = await import("@/lib/server/db/sql-pool");
  const listener = await import("@/lib/server/live/change-listener");
  const annotations = await import("@/app/api/documents/[id]/annotations/route");
  const health = await import("@/app/api/health/route");

  const user = await db.user.create({ data: { email: "outage@test.local", name: "Outage" } });
  session.userId = user.id;
  const project = await createProject(user.id, { name: "Outage", description: "" });
  const text = "The database went away and came back.";
  const documentId = (await importDocuments(await projectAccessOf(user.id, project.id), [{ name: "a.txt", fileName: "a.txt", text, meta: {} }], { trim: false, dryRun: false })).report[0].documentId!;
  const labelId = (await db.label.findFirstOrThrow({ where: { projectId: project.id, kind: "CLAIM" } })).id;
  const span = (exact: string) => ({ id: uuidv7(), labelId, start: text.indexOf(exact), end: text.indexOf(exact) + exact.length, exact });

  await listener.ensureListening();
  expect(listener.liveState()).toBe("listening");
  const heard = nextEvent(listener.onAnnotationChange, 5000);
  const before = span("database");
  expect((await call(annotations.POST, documentId, before)).status).toBe(201);
  expect(await heard).toEqual({ documentId, id: before.id });
  // An idle connection in the export pool when the database stops must not become an uncaught error.
  await sqlPool().query("SELECT 1");

  const lost = nextEvent<void>(listener.onDisconnected, 10_000);
  const inFlight = db.$queryRaw`SELECT pg_sleep(30)`.then(() => null, (error: unknown) => error);
  const observer = new pg.Client({ connectionString: url });
  await observer.connect();
  const sleeping = "SELECT count(*)::int AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE 'SELECT pg_sleep(30)%'";
  await expect.poll(async () => (await observer.query<{ n: number }>(sleeping)).rows[0].n).toBe(1);
  await observer.end();
  await server.stop();
  await lost;
  expect(isDatabaseUnavailable(await inFlight)).toBe(true);

  const during = span("went away");
  const refused = await call(annotations.POST, documentId, during);
  expect(refused).toMatchObject({ status: 503, retryAfter: "5", body: { code: "UNAVAILABLE" } });
  expect((await call(annotations.GET, documentId)).status).toBe(503);
  const down = await health.GET();
  expect(down.status).toBe(503);
  expect(await down.json()).toMatchObject({ status: "degraded", database: { status: "unreachable" }, live: "reconnecting" });
  await expect(sqlPool().query("SELECT 1")).rejects.toSatisfy(isDatabaseUnavailable);

  // Two of the listener's reconnection attempts fail while the database is down: it must keep trying.
  await nextEvent<void>(listener.onConnectFailed, 10_000);
  await nextEvent<void>(listener.onConnectFailed, 10_000);
  const back = nextEvent<void>(listener.onReconnected, 15_000);
  server = await startEmbeddedPostgres({ ...serverOptions, port: server.port });
  await back;
  expect(listener.liveState()).toBe("listening");

  // The client's retry of the refused create goes through, and other processes hear of it again.
  const heardAgain = nextEvent(listener.onAnnotationChange, 5000);
  expect((await call(annotations.POST, documentId, during)).status).toBe(201);
  expect(await heardAgain).toEqual({ documentId, id: during.id });
  expect((await call(annotations.POST, documentId, during)).status).toBe(200);
  const listed = await call(annotations.GET, documentId);
  expect(listed.body.annotations.map((a: { id: string }) => a.id).sort()).toEqual([before.id, during.id].sort());
  expect((await sqlPool().query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
  const up = await health.GET();
  expect(await up.json()).toMatchObject({ status: "ok", live: "listening" });
}, 60_000);

test("errors about the request itself are not taken for an outage", async () => {
  const { db } = await import("@/lib/db");
  const duplicate = await db.user.create({ data: { email: "outage@test.local", name: "Twice" } }).catch((e: unknown) => e);
  expect((duplicate as { code?: string }).code).toBe("P2002");
  expect(isDatabaseUnavailable(duplicate)).toBe(false);
  expect(isDatabaseUnavailable(await db.$queryRawUnsafe("SELEC 1").catch((e: unknown) => e))).toBe(false);
  expect(isDatabaseUnavailable(new Error("Something else"))).toBe(false);
  expect(isDatabaseUnavailable(undefined)).toBe(false);
});
