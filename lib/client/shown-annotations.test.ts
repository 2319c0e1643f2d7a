import { expect, test } from "vitest";
import { overlay, partitionQueue, queueReducer, type Annotation, type QueueAction, type QueueState, type ShownAnnotation } from "@/lib/client/annotation-queue";
import type { OutboxOp } from "@/lib/client/outbox";
import { ShownAnnotations, textOrder } from "@/lib/client/shown-annotations";

let seed = 7;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = <T,>(xs: T[]) => xs[Math.floor(random() * xs.length)];

const confirmed = (id: string, start: number, seq: number, extra: Partial<Annotation> = {}): Annotation => ({
  id, documentId: "d", labelId: "L", authorId: "u", start, end: start + 1 + Math.floor(random() * 5), exact: "x", prefix: "", suffix: "",
  attributes: {}, note: "", version: 1, seq, deleted: false, createdAt: "", updatedAt: "", ...extra,
});

let clock = 1;
const op = (kind: OutboxOp["kind"], annotationId: string, body: Record<string, unknown>): OutboxOp => ({ opId: `op-${clock}`, documentId: "d", userId: "u", kind, annotationId, body, createdAt: clock++ });

const expected = (state: QueueState) => overlay(state.server, partitionQueue(state.pending).sendable, "d", "u");

test("kept up to date per change, it shows exactly what a full rebuild shows, in text order, and names what changed", () => {
  const initial = Array.from({ length: 300 }, (_, i) => confirmed(`a${i}`, Math.floor(random() * 200), i + 1, { gold: i % 50 === 0 }));
  let state: QueueState = { server: new Map(initial.map((a) => [a.id, a])), pending: [], cursor: 300 };
  const shown = new ShownAnnotations("d", "u");
  let version = shown.update(state, partitionQueue(state.pending).sendable);
  let seq = 1000;
  let before = new Map(shown.map());
  for (let step = 0; step < 2000; step++) {
    const ids = [...expected(state).keys()];
    const r = random();
    let action: QueueAction;
    if (r < 0.25) action = { type: "queue", op: op("create", `n${step}`, { labelId: "M", start: Math.floor(random() * 200), end: 205, exact: "y" }) };
    else if (r < 0.45 && ids.length) action = { type: "queue", op: op("update", pick(ids), { version: null, labelId: pick(["L", "M", "N"]), start: Math.floor(random() * 200) }) };
    else if (r < 0.55 && ids.length) action = { type: "queue", op: op("delete", pick(ids), { version: null }) };
    else if (r < 0.75 && state.pending.length) {
      const o = state.pending[0];
      const settled = o.kind === "delete" ? { ...confirmed(o.annotationId, 0, ++seq), deleted: true } : confirmed(o.annotationId, Math.floor(random() * 200), ++seq);
      action = { type: "settle", opId: o.opId, annotation: settled };
    } else if (r < 0.8 && state.pending.length) action = { type: "refuse", opId: pick(state.pending).opId, refusal: { status: 403, message: "no", at: 1 } };
    else if (r < 0.85 && state.pending.some((o) => o.refused)) action = { type: "retry", opId: state.pending.find((o) => o.refused)!.opId };
    else if (r < 0.9 && state.pending.length) action = { type: "unqueue", opId: pick(state.pending).opId };
    else action = { type: "server", annotations: [confirmed(pick([...ids, "incoming"]), Math.floor(random() * 200), ++seq, { gold: random() < 0.1, deleted: random() < 0.2 })], cursor: seq };
    state = queueReducer(state, action);
    // Several actions may land in one render: catch up only now and then.
    if (random() < 0.6) continue;
    const next = shown.update(state, partitionQueue(state.pending).sendable);
    const want = expected(state);
    expect(new Map(shown.map())).toEqual(want);
    expect(shown.list()).toEqual([...want.values()].sort(textOrder));
    expect(shown.hasGold).toBe([...want.values()].some((a) => a.gold));
    // Every annotation whose shown object changed since the last version is named as changed.
    const changed = shown.changedSince(version);
    const after = new Map<string, ShownAnnotation>(shown.map());
    const differing = [...new Set([...before.keys(), ...after.keys()])].filter((id) => before.get(id) !== after.get(id));
    if (changed) for (const id of differing) expect(changed).toContain(id);
    if (next === version) expect(differing).toEqual([]);
    version = next;
    before = after;
  }
});

test("a change of one annotation gives a new list and map object but touches one place; an unchanged state none", () => {
  const a = confirmed("a", 5, 1);
  const b = confirmed("b", 1, 2);
  let state: QueueState = { server: new Map([[a.id, a], [b.id, b]]), pending: [], cursor: 2 };
  const shown = new ShownAnnotations("d", "u");
  const v1 = shown.update(state, []);
  const [list1, map1] = [shown.list(), shown.map()];
  expect(list1.map((x) => x.id)).toEqual(["b", "a"]);
  expect(shown.update(state, [])).toBe(v1);
  expect(shown.list()).toBe(list1);
  state = queueReducer(state, { type: "queue", op: op("update", "a", { version: null, start: 0 }) });
  const v2 = shown.update(state, partitionQueue(state.pending).sendable);
  expect(v2).toBeGreaterThan(v1);
  expect(shown.changedSince(v1)).toEqual(["a"]);
  expect(shown.list()).not.toBe(list1);
  expect(shown.map()).not.toBe(map1);
  expect(shown.list().map((x) => [x.id, x.pending])).toEqual([["a", true], ["b", false]]);
  // The untouched annotation is the same object as before.
  expect(shown.map().get("b")).toBe(map1.get("b"));
});
