import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import { expect, test } from "vitest";
import { backoffMs, classifyResponse, Outbox, type OutboxOp } from "@/lib/client/outbox";

const op = (n: number, documentId = "doc-1"): OutboxOp => ({
  opId: `op-${n}`, documentId, userId: "u", kind: "create", annotationId: `a-${n}`, body: { n }, createdAt: 1000 + n,
});

test("operations persist per document in order until removed, also across a new Outbox (a reload)", async () => {
  const factory = new IDBFactory();
  const outbox = new Outbox(factory);
  await outbox.add(op(3));
  await outbox.add(op(1));
  await outbox.add(op(2, "doc-2"));
  await outbox.add(op(4));
  expect((await outbox.list("doc-1")).map((o) => o.opId)).toEqual(["op-1", "op-3", "op-4"]);
  const afterReload = new Outbox(factory);
  await afterReload.remove("op-3");
  expect((await afterReload.list("doc-1")).map((o) => o.opId)).toEqual(["op-1", "op-4"]);
  expect((await afterReload.list("doc-2")).map((o) => o.opId)).toEqual(["op-2"]);
});

test("server answers: success, conflict, final refusal, or retry later", () => {
  expect(classifyResponse(201, { id: 1 }).kind).toBe("done");
  expect(classifyResponse(200, {}).kind).toBe("done");
  expect(classifyResponse(409, { error: "stale" }).kind).toBe("conflict");
  expect(classifyResponse(422, {}).kind).toBe("refused");
  expect(classifyResponse(403, {}).kind).toBe("refused");
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
