import "fake-indexeddb/auto";
import { IDBDatabase as FakeIDBDatabase, IDBFactory } from "fake-indexeddb";
import { afterEach, expect, test } from "vitest";
import { Outbox, type OutboxOp } from "@/lib/client/outbox";
import { OutboxWrites, type WriteFailure } from "@/lib/client/outbox-writes";

const op = (n: number): OutboxOp => ({ opId: `op-${n}`, documentId: "doc-1", userId: "u", kind: "create", annotationId: `a-${n}`, body: { n }, createdAt: 1000 + n });

const realTransaction = FakeIDBDatabase.prototype.transaction;
afterEach(() => {
  FakeIDBDatabase.prototype.transaction = realTransaction;
});

test("a change may be sent once its write committed, and is then in the outbox (it survives a reload)", async () => {
  const factory = new IDBFactory();
  const failures: WriteFailure[] = [];
  const writes = new OutboxWrites(new Outbox(factory), (f) => failures.push(f));
  const stored = writes.store(op(1));
  expect(await writes.stored("op-1")).toBe(true);
  expect(await stored).toBe(true);
  expect((await new Outbox(factory).list("doc-1")).map((o) => o.opId)).toEqual(["op-1"]);
  expect(failures).toEqual([]);
  // A change restored after a reload was never written by this page: it may go.
  expect(await writes.stored("op-restored")).toBe(true);
});

test("a write that fails is reported with why and the change is never sent", async () => {
  const factory = new IDBFactory();
  const outbox = new Outbox(factory);
  await outbox.opens();
  // Every write aborts after its request succeeded, as a full disk does.
  FakeIDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase["transaction"]>) {
    const tx = realTransaction.apply(this, args as never) as IDBTransaction;
    if (args[1] === "readwrite") queueMicrotask(() => tx.abort());
    return tx;
  } as never;
  const failures: WriteFailure[] = [];
  const writes = new OutboxWrites(outbox, (f) => failures.push(f));
  void writes.store(op(2));
  expect(await writes.stored("op-2")).toBe(false);
  expect(failures.map((f) => f.op.opId)).toEqual(["op-2"]);
  expect(failures[0].message).toMatch(/could not be stored in this browser .* taken back/);
  FakeIDBDatabase.prototype.transaction = realTransaction;
  expect(await new Outbox(factory).list("doc-1")).toEqual([]);
  expect(writes.memoryOnly).toBe(false);
});

test("without IndexedDB (private browsing) changes are kept in memory and may be sent", async () => {
  const failures: WriteFailure[] = [];
  // As Firefox's private mode answers: the database cannot be opened at all.
  const noDatabase = { open: () => { throw new DOMException("A mutation operation was attempted on a database that did not allow mutations.", "InvalidStateError"); } } as unknown as IDBFactory;
  const writes = new OutboxWrites(new Outbox(noDatabase), (f) => failures.push(f));
  expect(await writes.store(op(3))).toBe(true);
  expect(await writes.stored("op-3")).toBe(true);
  expect(writes.memoryOnly).toBe(true);
  expect(failures).toEqual([]);
});
