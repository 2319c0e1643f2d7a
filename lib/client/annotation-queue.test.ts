import { expect, test } from "vitest";
import { changeText, discardSet, nextCreatedAt, overlay, partitionQueue, queueReducer, type Annotation, type QueueState } from "@/lib/client/annotation-queue";
import type { OutboxOp } from "@/lib/client/outbox";

let clock = 1000;
const op = (kind: OutboxOp["kind"], annotationId: string, body: Record<string, unknown> = {}): OutboxOp => ({
  opId: `op-${clock}`, documentId: "d", userId: "u", kind, annotationId, body, createdAt: clock++,
});
const create = (annotationId: string, exact = "Summit") => op("create", annotationId, { id: annotationId, labelId: "L", start: 0, end: exact.length, exact });
const refusal = { status: 403, message: "This needs the ANNOTATOR role in this project; you are VIEWER.", at: 1 };
const confirmed = (id: string, exact: string, version = 1): Annotation => ({
  id, documentId: "d", labelId: "L", authorId: "u", start: 0, end: exact.length, exact, prefix: "", suffix: "", attributes: {}, note: "",
  version, seq: version, deleted: false, createdAt: "", updatedAt: "",
});
const empty = (): QueueState => ({ server: new Map(), pending: [], cursor: 0 });

test("a refused change is kept, not sent again, and holds back later changes to the same annotation only", () => {
  const a = create("a");
  const b = create("b");
  const aNote = op("update", "a", { version: null, note: "later" });
  const bNote = op("update", "b", { version: null, note: "fine" });
  let state = [a, b, aNote, bNote].reduce((s, o) => queueReducer(s, { type: "queue", op: o }), empty());
  expect(partitionQueue(state.pending).sendable.map((o) => o.opId)).toEqual([a.opId, b.opId, aNote.opId, bNote.opId]);

  state = queueReducer(state, { type: "refuse", opId: a.opId, refusal });
  const { sendable, refused } = partitionQueue(state.pending);
  expect(sendable.map((o) => o.opId)).toEqual([b.opId, bNote.opId]);
  expect(refused).toEqual([{ op: { ...a, refused: refusal }, heldBehind: [aNote] }]);

  // Retry is the person's act: only then is it sendable again, ahead of what waited behind it.
  state = queueReducer(state, { type: "retry", opId: a.opId });
  expect(partitionQueue(state.pending).sendable.map((o) => o.opId)).toEqual([a.opId, b.opId, aNote.opId, bNote.opId]);
  expect(state.pending.some((o) => o.refused)).toBe(false);
});

test("discarding a refused creation takes the changes held behind it along; a refused update goes alone", () => {
  const a = { ...create("a"), refused: refusal };
  const aNote = op("update", "a", { note: "x" });
  const cUpdate = { ...op("update", "c", { version: 2, note: "y" }), refused: refusal };
  const cDelete = op("delete", "c", { version: null });
  const pending = [a, aNote, cUpdate, cDelete];
  expect(discardSet(pending, a.opId)).toEqual([a.opId, aNote.opId]);
  expect(discardSet(pending, cUpdate.opId)).toEqual([cUpdate.opId]);
  // Only refused changes can be discarded; a waiting one is never the target.
  expect(discardSet(pending, cDelete.opId)).toEqual([]);
  const state = queueReducer({ ...empty(), pending }, { type: "discard", opIds: discardSet(pending, a.opId) });
  expect(state.pending).toEqual([cUpdate, cDelete]);
});

test("restored changes join the queue once each, in the order they were made", () => {
  const first = create("a");
  const second = create("b");
  const third = create("c");
  let state = queueReducer(empty(), { type: "queue", op: third });
  state = queueReducer(state, { type: "restore", ops: [second, first, third] });
  expect(state.pending.map((o) => o.opId)).toEqual([first.opId, second.opId, third.opId]);
});

test("the text shows confirmed annotations plus waiting changes, but not refused ones or those held behind them", () => {
  const server = new Map([["s", confirmed("s", "Putin")]]);
  const waiting = create("w", "Kim");
  const refusedCreate = { ...create("r", "treaty"), refused: refusal };
  const heldUpdate = op("update", "r", { note: "held" });
  const refusedDelete = { ...op("delete", "s", { version: 1 }), refused: refusal };
  const { sendable } = partitionQueue([waiting, refusedCreate, heldUpdate, refusedDelete]);
  const shown = overlay(server, sendable, "d", "u");
  expect([...shown.keys()].sort()).toEqual(["s", "w"]);
  expect(shown.get("w")?.pending).toBe(true);
  expect(shown.get("s")?.pending).toBe(false);
});

test("a settled change applies the server's answer unless a newer one is known", () => {
  const a = create("a");
  let state = queueReducer(empty(), { type: "queue", op: a });
  state = queueReducer(state, { type: "server", annotations: [confirmed("a", "Summit", 3)] });
  state = queueReducer(state, { type: "settle", opId: a.opId, annotation: confirmed("a", "Summit", 1) });
  expect(state.pending).toEqual([]);
  expect(state.server.get("a")?.version).toBe(3);
});

test("copying a refused change gives its quote, label, position and note as text", () => {
  const labelName = (id: string) => (id === "L" ? "Location" : undefined);
  const made = op("create", "a", { id: "a", labelId: "L", start: 12, end: 23, exact: "Vladivostok", note: "port city" });
  expect(changeText(made, undefined, labelName)).toBe("New annotation “Vladivostok”\nLabel: Location\nPosition: 12–23\nNote: port city");
  const changed = op("update", "s", { version: 1, note: "a new note" });
  expect(changeText(changed, confirmed("s", "Putin"), labelName)).toBe("Change to annotation “Putin”\nLabel: Location\nNote: a new note");
  expect(changeText(op("delete", "gone", { version: 1 }), undefined, labelName)).toBe("Deletion of annotation gone");
});

test("creation times strictly increase, so changes made within one millisecond keep their order", () => {
  expect(nextCreatedAt(0, 500)).toBe(500);
  expect(nextCreatedAt(500, 500)).toBe(501);
  expect(nextCreatedAt(501, 400)).toBe(502);
});

test("an unstored creation is taken back with the later changes to it; an unstored update alone", () => {
  const a = create("a");
  const b = create("b");
  const aLabel = op("update", "a", { version: null, labelId: "M" });
  const bNote = op("update", "b", { version: null, note: "kept" });
  const aDelete = op("delete", "a", { version: null });
  let state = [a, b, aLabel, bNote, aDelete].reduce((s, o) => queueReducer(s, { type: "queue", op: o }), empty());
  expect([...overlay(state.server, partitionQueue(state.pending).sendable, "d", "u").keys()]).toEqual(["b"]);
  state = queueReducer(state, { type: "unqueue", opId: bNote.opId });
  expect(state.pending.map((o) => o.opId)).toEqual([a.opId, b.opId, aLabel.opId, aDelete.opId]);
  expect(overlay(state.server, partitionQueue(state.pending).sendable, "d", "u").get("b")?.note).toBe("");
  state = queueReducer(state, { type: "unqueue", opId: a.opId });
  expect(state.pending.map((o) => o.opId)).toEqual([b.opId]);
  expect(queueReducer(state, { type: "unqueue", opId: "gone" })).toBe(state);
});
