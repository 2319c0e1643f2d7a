// An open event stream (GET /api/documents/[id]/events) keeps its access only as long as the
// access lasts: a removed member, a revoked or expired token, a deleted account and a changed role
// each end the stream with a final "access-ended" event saying why. Real route, real PostgreSQL;
// only the session is stubbed.
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { uuidv7 } from "@/lib/ids";
import { ownerAccessOf } from "@/lib/testing/access";
import { callRoute } from "@/lib/testing/api-routes";
import { useTestDatabase } from "@/lib/testing/test-database";

const session = vi.hoisted(() => ({ userId: "", sessionId: undefined as string | undefined }));
vi.mock("@/lib/auth", () => ({ auth: async () => (session.userId ? { user: { id: session.userId }, sessionId: session.sessionId } : null) }));

// The backstop re-check runs every 5 s; a stream must be closed within that plus the time to
// answer (generous here: the test machine is shared).
const BOUND_MS = 5_000 + 2_500;

let db: typeof import("@/lib/db").db;
let events: typeof import("@/app/api/documents/[id]/events/route");

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  events = await import("@/app/api/documents/[id]/events/route");
});

afterAll(async () => {
  await (await import("@/lib/server/live/change-listener")).stopListening();
  await (await import("@/lib/server/db/sql-pool")).closeSqlPool();
});

type SseEvent = { event: string; data: unknown };

/** Opens the events route as the current session (or with `token`) and reads it in the background. */
async function openStream(documentId: string, token?: string) {
  const abort = new AbortController();
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const response = await events.GET(new Request(`http://local/api/documents/${documentId}/events`, { headers, signal: abort.signal }), {
    params: Promise.resolve({ id: documentId }),
  });
  expect(response.status).toBe(200);
  const received: SseEvent[] = [];
  let closedAt: number | null = null;
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const reading = (async () => {
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
      if (done) break;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event) received.push({ event, data: data === undefined ? null : JSON.parse(data) });
      }
    }
    closedAt = Date.now();
  })();
  await expect.poll(() => received.some((e) => e.event === "ready")).toBe(true);
  return {
    received,
    closedAt: () => closedAt,
    /** Resolves when the server has closed the stream; fails after `ms`. */
    closed: (ms = BOUND_MS) =>
      Promise.race([reading, new Promise((_, reject) => setTimeout(() => reject(new Error(`the stream was still open after ${ms} ms`)), ms))]),
    stop: async () => {
      abort.abort();
      await reader.cancel().catch(() => undefined);
    },
  };
}

async function fixture() {
  const { createProject } = await import("@/lib/server/projects/create-project");
  const [owner, annotator] = await Promise.all(
    ["owner", "annotator"].map((n) => db.user.create({ data: { email: `${n}-${uuidv7()}@streams.test`, name: n } })),
  );
  const project = await createProject(owner.id, { name: "Streams", description: "" });
  await db.membership.create({ data: { projectId: project.id, userId: annotator.id, role: "ANNOTATOR" } });
  const text = "Kim Jong Un met Putin in Vladivostok.";
  const document = await db.document.create({ data: { projectId: project.id, title: "Doc", text, contentHash: uuidv7(), length: text.length } });
  return { owner, annotator, project, document };
}

async function makeToken(userId: string, projectId: string) {
  const tokens = await import("@/app/api/tokens/route");
  session.userId = userId;
  const made = await callRoute(tokens.POST, {}, { method: "POST", body: { name: "script", projectIds: [projectId], access: "READ", expiresInDays: 30 } });
  expect(made.status).toBe(201);
  return made.body as { token: { id: string }; secret: string };
}

const ended = (received: SseEvent[]) => received.filter((e) => e.event === "access-ended");

test("a member removed from the project: their stream ends with the reason, the owner's stays open", async () => {
  const f = await fixture();
  session.userId = f.annotator.id;
  const removed = await openStream(f.document.id);
  session.userId = f.owner.id;
  const owners = await openStream(f.document.id);
  try {
    const { changeMemberRole } = await import("@/lib/server/members/change-member-role");
    const at = Date.now();
    await changeMemberRole(await ownerAccessOf(f.project.id), f.annotator.id, null);
    await removed.closed();
    expect(removed.closedAt()! - at).toBeLessThan(BOUND_MS);
    expect(ended(removed.received)).toEqual([{ event: "access-ended", data: expect.objectContaining({ reason: "removed from project" }) }]);
    expect(removed.received.at(-1)?.event).toBe("access-ended");
    expect(owners.closedAt()).toBeNull();
    expect(ended(owners.received)).toEqual([]);
  } finally {
    await removed.stop();
    await owners.stop();
  }
});

test("a revoked API token: the stream it opened ends with 'token revoked'", async () => {
  const f = await fixture();
  const made = await makeToken(f.annotator.id, f.project.id);
  session.userId = "";
  const stream = await openStream(f.document.id, made.secret);
  try {
    const { revokeApiToken } = await import("@/lib/server/tokens/revoke-api-token");
    const at = Date.now();
    await revokeApiToken(f.annotator.id, made.token.id);
    await stream.closed();
    expect(stream.closedAt()! - at).toBeLessThan(BOUND_MS);
    expect(ended(stream.received)).toEqual([{ event: "access-ended", data: expect.objectContaining({ reason: "token revoked" }) }]);
  } finally {
    await stream.stop();
  }
});

test("an API token that expires while its stream is open: the stream ends with 'token expired'", async () => {
  const f = await fixture();
  const made = await makeToken(f.annotator.id, f.project.id);
  const expiresAt = Date.now() + 1_500;
  await db.apiToken.update({ where: { id: made.token.id }, data: { expiresAt: new Date(expiresAt) } });
  session.userId = "";
  const stream = await openStream(f.document.id, made.secret);
  try {
    await stream.closed(1_500 + BOUND_MS);
    expect(stream.closedAt()! - expiresAt).toBeLessThan(BOUND_MS);
    expect(ended(stream.received)).toEqual([{ event: "access-ended", data: expect.objectContaining({ reason: "token expired" }) }]);
  } finally {
    await stream.stop();
  }
});

test("a deleted account: its streams end with 'account deleted'", async () => {
  const f = await fixture();
  session.userId = f.annotator.id;
  const stream = await openStream(f.document.id);
  try {
    const at = Date.now();
    await db.user.delete({ where: { id: f.annotator.id } });
    await stream.closed();
    expect(stream.closedAt()! - at).toBeLessThan(BOUND_MS);
    expect(ended(stream.received)).toEqual([{ event: "access-ended", data: expect.objectContaining({ reason: "account deleted" }) }]);
  } finally {
    await stream.stop();
  }
});

test("a session ended on the server (signed out elsewhere, sign out everywhere): its stream ends with 'signed out'", async () => {
  const f = await fixture();
  const row = await db.userSession.create({ data: { userId: f.annotator.id } });
  Object.assign(session, { userId: f.annotator.id, sessionId: row.id });
  const stream = await openStream(f.document.id);
  try {
    const at = Date.now();
    await db.userSession.delete({ where: { id: row.id } });
    await stream.closed();
    expect(stream.closedAt()! - at).toBeLessThan(BOUND_MS);
    expect(ended(stream.received)).toEqual([{ event: "access-ended", data: expect.objectContaining({ reason: "signed out" }) }]);
  } finally {
    session.sessionId = undefined;
    await stream.stop();
  }
});

test("a changed role: the stream ends with 'role changed' and the new role (the page's abilities are out of date)", async () => {
  const f = await fixture();
  session.userId = f.annotator.id;
  const stream = await openStream(f.document.id);
  try {
    const { changeMemberRole } = await import("@/lib/server/members/change-member-role");
    await changeMemberRole(await ownerAccessOf(f.project.id), f.annotator.id, "VIEWER");
    await stream.closed();
    expect(ended(stream.received)).toEqual([{ event: "access-ended", data: { reason: "role changed", role: "VIEWER" } }]);
  } finally {
    await stream.stop();
  }
});

test("one statement re-checks every open stream of the process, however many are open", async () => {
  const f = await fixture();
  session.userId = f.owner.id;
  const streams = await Promise.all(Array.from({ length: 12 }, () => openStream(f.document.id)));
  const { sqlPool } = await import("@/lib/server/db/sql-pool");
  const { recheckStreamAccess } = await import("@/lib/server/live/stream-access");
  const query = vi.spyOn(sqlPool(), "query");
  try {
    await recheckStreamAccess();
    const checks = query.mock.calls.filter(([text]) => typeof text === "string" && text.includes('"Membership"'));
    // One, or two if the backstop timer happened to ask at the same moment — never one per stream.
    expect(checks.length).toBeGreaterThanOrEqual(1);
    expect(checks.length).toBeLessThanOrEqual(2);
    for (const s of streams) expect(s.closedAt()).toBeNull();
  } finally {
    query.mockRestore();
    await Promise.all(streams.map((s) => s.stop()));
  }
});

test("the database announces every change that can end access, whichever path made it", async () => {
  const f = await fixture();
  const listener = await import("@/lib/server/live/change-listener");
  await listener.ensureListening();
  const made = await makeToken(f.annotator.id, f.project.id);
  const announced = async (change: () => Promise<unknown>) => {
    let heard = 0;
    const off = listener.onAccessChange(() => heard++);
    try {
      await change();
      await expect.poll(() => heard, { timeout: 3_000 }).toBeGreaterThan(0);
    } finally {
      off();
    }
  };
  await announced(() => db.apiToken.update({ where: { id: made.token.id }, data: { expiresAt: new Date() } }));
  await announced(() => db.apiToken.delete({ where: { id: made.token.id } }));
  await announced(() => db.membership.update({ where: { projectId_userId: { projectId: f.project.id, userId: f.annotator.id } }, data: { role: "VIEWER" } }));
  await announced(() => db.membership.delete({ where: { projectId_userId: { projectId: f.project.id, userId: f.annotator.id } } }));
  await announced(() => db.document.delete({ where: { id: f.document.id } }));
  const signedIn = await db.userSession.create({ data: { userId: f.annotator.id } });
  await announced(() => db.userSession.delete({ where: { id: signedIn.id } }));
  await announced(() => db.user.delete({ where: { id: f.annotator.id } }));
});
