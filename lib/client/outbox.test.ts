import "fake-indexeddb/auto";
import { IDBDatabase as FakeIDBDatabase, IDBFactory } from "fake-indexeddb";
import { afterEach, expect, test } from "vitest";
import { backoffMs, classifyResponse, Outbox, type OutboxOp } from "@/lib/client/outbox";

const op = (n: number, documentId = "doc-1"): OutboxOp => ({
  opId: `op-${n}`, documentId, userId: "u", kind: "create", annotationId: `a-${n}`, body: { n }, createdAt: 1000 + n,
});

const realTransaction = FakeIDBDatabase.prototype.transaction;
afterEach(() => {
  FakeIDBDatabase.prototype.transaction = realTransaction;
});

test("operations persist per document in order until removed, also across a new Outbox (a reload)", async () => {
  const factory = new IDBFactory();
  const outbox = new Outbox(factory);
  await outbox.put(op(3));
  await outbox.put(op(1));
  await outbox.put(op(2, "doc-2"));
  await outbox.put(op(4));
  expect((await outbox.list("doc-1")).map((o) => o.opId)).toEqual(["op-1", "op-3", "op-4"]);
  const afterReload = new Outbox(factory);
  await afterReload.remove("op-3");
  expect((await afterReload.list("doc-1")).map((o) => o.opId)).toEqual(["op-1", "op-4"]);
  expect((await afterReload.list("doc-2")).map((o) => o.opId)).toEqual(["op-2"]);
  await afterReload.remove("op-1", "op-4");
  expect(await afterReload.list("doc-1")).toEqual([]);
});

test("a refused change keeps its reason in storage, across a reload, until it is replaced", async () => {
  const factory = new IDBFactory();
  const refused = { ...op(1), refused: { status: 403, message: "This needs the ANNOTATOR role in this project; you are VIEWER.", at: 5 } };
  await new Outbox(factory).put(refused);
  expect(await new Outbox(factory).list("doc-1")).toEqual([refused]);
  await new Outbox(factory).put(op(1));
  expect((await new Outbox(factory).list("doc-1"))[0].refused).toBeUndefined();
});

test("a write counts only when its transaction committed: one aborted after the request succeeded is an error", async () => {
  // The request's success event fires before the commit; abort the transaction right after it,
  // as a full disk or a closing browser can.
  FakeIDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase["transaction"]>) {
    const tx = realTransaction.apply(this, args as never) as IDBTransaction;
    const objectStore = tx.objectStore.bind(tx);
    tx.objectStore = (name: string) => {
      const store = objectStore(name);
      const put = store.put.bind(store);
      store.put = (value: unknown, key?: IDBValidKey) => {
        const req = put(value, key);
        req.addEventListener("success", () => tx.abort());
        return req;
      };
      return store;
    };
    return tx;
  } as never;
  const factory = new IDBFactory();
  const outbox = new Outbox(factory);
  await expect(outbox.put(op(1))).rejects.toBeTruthy();
  FakeIDBDatabase.prototype.transaction = realTransaction;
  expect(await new Outbox(factory).list("doc-1")).toEqual([]);
});

test("server answers: success, conflict, signed out, final refusal with the server's reason, or retry later", () => {
  expect(classifyResponse(201, { id: 1 }).kind).toBe("done");
  expect(classifyResponse(200, {}).kind).toBe("done");
  expect(classifyResponse(409, { error: "stale" }).kind).toBe("conflict");
  // A duplicate tag is the person's own doing, not a change made elsewhere: listed as refused, with the server's message naming the existing annotation.
  const duplicate = { error: "You already tagged “Putin” as Person (annotation a-1); …", code: "CONFLICT", details: { existing: { id: "a-1", label: "Person", quote: "Putin" } } };
  expect(classifyResponse(409, duplicate)).toEqual({ kind: "refused", status: 409, message: duplicate.error });
  expect(classifyResponse(401, { error: "Sign in first." })).toEqual({ kind: "signedOut" });
  expect(classifyResponse(403, { error: "Viewers cannot change annotations." })).toEqual({ kind: "refused", status: 403, message: "Viewers cannot change annotations." });
  expect(classifyResponse(404, {})).toEqual({ kind: "refused", status: 404, message: "Refused by the server (404)" });
  expect(classifyResponse(400, { error: "Invalid input", issues: [{ path: "end", message: "Too big" }] })).toEqual({
    kind: "refused", status: 400, message: "Invalid input (end: Too big)", issues: [{ path: "end", message: "Too big" }],
  });
  // Attributes that do not suit the label: the issues come in details, each with its field's path.
  expect(classifyResponse(400, { error: "Invalid attributes for a event", details: { issues: [{ path: "attributes.date", message: "Use 2019, 2019-04 or 2019-04-25" }] } })).toEqual({
    kind: "refused", status: 400, message: "Invalid attributes for a event (attributes.date: Use 2019, 2019-04 or 2019-04-25)",
    issues: [{ path: "attributes.date", message: "Use 2019, 2019-04 or 2019-04-25" }],
  });
  expect(classifyResponse(422, null).kind).toBe("refused");
  expect(classifyResponse(408, {}).kind).toBe("retry");
  expect(classifyResponse(429, {}).kind).toBe("retry");
  expect(classifyResponse(500, {}).kind).toBe("retry");
  expect(classifyResponse(503, {}).kind).toBe("retry");
});

test("backoff doubles up to 30 seconds, with jitter", () => {
  expect(backoffMs(0, () => 0.5)).toBe(1000);
  expect(backoffMs(1, () => 0.5)).toBe(2000);
  expect(backoffMs(3, () => 0.5)).toBe(8000);
  expect(backoffMs(10, () => 0.5)).toBe(30_000);
  expect(backoffMs(2, () => 0)).toBe(3000);
  expect(backoffMs(2, () => 1)).toBe(5000);
});
