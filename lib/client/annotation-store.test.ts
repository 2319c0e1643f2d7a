import { expect, test } from "vitest";
import { overlay, partitionQueue, queueReducer, type Annotation, type QueueAction, type QueueState } from "@/lib/client/annotation-queue";
import { AnnotationStore } from "@/lib/client/annotation-store";
import type { OutboxOp } from "@/lib/client/outbox";
import { textOrder } from "@/lib/client/shown-annotations";

let seed = 11;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = <T,>(xs: T[]) => xs[Math.floor(random() * xs.length)];

const confirmed = (id: string, start: number, seq: number, extra: Partial<Annotation> = {}): Annotation => ({
  id, documentId: "d", labelId: "L", authorId: "u", start, end: start + 3, exact: "xyz", prefix: "", suffix: "",
  attributes: {}, note: "", version: 1, seq, deleted: false, createdAt: "", updatedAt: "", ...extra,
});

let clock = 1;
const op = (kind: OutboxOp["kind"], annotationId: string, body: Record<string, unknown>): OutboxOp => ({ opId: `op-${clock}`, documentId: "d", userId: "u", kind, annotationId, body, createdAt: clock++ });

const initialState = (n: number): QueueState => ({ server: new Map(Array.from({ length: n }, (_, i) => confirmed(`a${i}`, i * 10, i + 1)).map((a) => [a.id, a])), pending: [], cursor: n });

test("a change is heard at once, by the general listeners and by those of the annotation it changed only", () => {
  const store = new AnnotationStore("d", "u", initialState(100));
  const heard: string[] = [];
  store.subscribe(() => heard.push(`all:${store.shown.get("n1")?.labelId ?? "-"}`));
  store.subscribeTo("n1", () => heard.push("n1"));
  store.subscribeTo("a5", () => heard.push("a5"));

  store.dispatch({ type: "queue", op: op("create", "n1", { labelId: "M", start: 3, end: 6, exact: "abc" }) });
  // Synchronously, inside dispatch: the painter paints in the task that made the change.
  expect(heard).toEqual(["all:M", "n1"]);
  expect(store.shown.get("n1")).toMatchObject({ labelId: "M", pending: true });
  expect(store.sendable.map((o) => o.annotationId)).toEqual(["n1"]);

  heard.length = 0;
  store.dispatch({ type: "queue", op: op("update", "a5", { version: 1, note: "changed" }) });
  expect(heard).toEqual(["all:M", "a5"]);

  // An action that changes nothing is not heard.
  heard.length = 0;
  store.dispatch({ type: "settle", opId: "no-such-op" });
  store.dispatch({ type: "retry", opId: "no-such-op" });
  expect(heard.filter((h) => h !== "all:M")).toEqual([]);
});

test("the refused list stays the same object until a refusal changes, so its readers render only then", () => {
  const store = new AnnotationStore("d", "u", initialState(10));
  const create = op("create", "n1", { labelId: "M", start: 3, end: 6, exact: "abc" });
  store.dispatch({ type: "queue", op: create });
  const none = store.refused;
  store.dispatch({ type: "queue", op: op("update", "a1", { version: 1, note: "x" }) });
  expect(store.refused).toBe(none);
  store.dispatch({ type: "refuse", opId: create.opId, refusal: { status: 403, message: "no", at: 1 } });
  const one = store.refused;
  expect(one).not.toBe(none);
  expect(one.map((r) => r.op.opId)).toEqual([create.opId]);
  // A change to another annotation leaves the refused list as it was.
  store.dispatch({ type: "queue", op: op("update", "a2", { version: 1, note: "y" }) });
  expect(store.refused).toBe(one);
  // A later change to the refused annotation waits behind it: the list changes.
  store.dispatch({ type: "queue", op: op("update", "n1", { version: null, note: "z" }) });
  expect(store.refused).not.toBe(one);
  expect(store.refused[0].heldBehind).toHaveLength(1);
});

test("with the confirmed map updated in place, the store shows exactly what the pure reducer shows, through 2,000 random actions", () => {
  const start = initialState(200);
  const store = new AnnotationStore("d", "u", { ...start, server: new Map(start.server) });
  let pure: QueueState = start;
  const startSize = start.server.size;
  let seq = 1000;
  let heard = 0;
  store.subscribe(() => heard++);
  for (let step = 0; step < 2000; step++) {
    const ids = [...store.shown.live.keys()];
    const r = random();
    let action: QueueAction;
    if (r < 0.3) action = { type: "queue", op: op("create", `n${step}`, { labelId: "M", start: Math.floor(random() * 2000), end: 2005, exact: "y" }) };
    else if (r < 0.45 && ids.length) action = { type: "queue", op: op("update", pick(ids), { version: null, labelId: pick(["L", "M"]) }) };
    else if (r < 0.55 && ids.length) action = { type: "queue", op: op("delete", pick(ids), { version: null }) };
    else if (r < 0.8 && pure.pending.length) {
      const o = pure.pending[0];
      action = { type: "settle", opId: o.opId, annotation: o.kind === "delete" ? { ...confirmed(o.annotationId, 0, ++seq), deleted: true } : confirmed(o.annotationId, Math.floor(random() * 2000), ++seq) };
    } else action = { type: "server", annotations: [confirmed(pick([...ids, `live${step}`]), Math.floor(random() * 2000), ++seq, { deleted: random() < 0.3 })], cursor: seq };
    pure = queueReducer(pure, action);
    store.dispatch(action);
  }
  const want = overlay(pure.server, partitionQueue(pure.pending).sendable, "d", "u");
  expect(new Map(store.shown.live)).toEqual(want);
  expect([...store.shown.sortedNow()]).toEqual([...want.values()].sort(textOrder));
  expect(new Map(store.state.server)).toEqual(pure.server);
  expect(heard).toBeGreaterThan(1000);
  // The pure reducer (tests, replays) still never changes the map it was given.
  expect(start.server.size).toBe(startSize);
  expect(pure.server).not.toBe(start.server);
});
