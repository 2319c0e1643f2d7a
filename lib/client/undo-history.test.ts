// Undo and redo as a person would use them: the last change first, a new change ends the redo
// trail, a change that cannot be taken back (deleted elsewhere) is skipped, and the history is bounded.
import { expect, test } from "vitest";
import { UNDO_LIMIT, UndoHistory, updateEntry, type ApplyInverse, type UndoEntry, type UndoSnapshot } from "@/lib/client/undo-history";

const snap = (labelId: string, note = ""): UndoSnapshot => ({ labelId, start: 0, end: 3, exact: "Kim", attributes: {}, note });

/** A little store standing in for the outbox: applies inverses to a map and records what it did. */
function store() {
  const annotations = new Map<string, UndoSnapshot>();
  let next = 0;
  const log: string[] = [];
  const apply: ApplyInverse = (entry) => {
    if (entry.type === "created") {
      if (!annotations.delete(entry.id)) return null;
      log.push(`delete ${entry.id}`);
      return { type: "deleted", id: entry.id, snapshot: entry.snapshot };
    }
    if (entry.type === "deleted") {
      const id = `n${next++}`;
      annotations.set(id, entry.snapshot);
      log.push(`create ${id} ${entry.snapshot.labelId}`);
      return { type: "created", id, snapshot: entry.snapshot };
    }
    const current = annotations.get(entry.id);
    if (!current) return null;
    annotations.set(entry.id, { ...current, ...entry.before });
    log.push(`update ${entry.id} ${JSON.stringify(entry.before)}`);
    return { type: "updated", id: entry.id, before: entry.after, after: entry.before };
  };
  return { annotations, apply, log };
}

test("undo takes back the newest change first, redo puts it back, and a redone creation can be undone again", () => {
  const s = store();
  const h = new UndoHistory();
  s.annotations.set("a", snap("person"));
  h.record({ type: "created", id: "a", snapshot: snap("person") });
  const change = updateEntry("a", s.annotations.get("a")!, { note: "leader" });
  s.annotations.set("a", { ...s.annotations.get("a")!, note: "leader" });
  h.record(change);
  expect(change).toEqual({ type: "updated", id: "a", before: { note: "" }, after: { note: "leader" } });

  expect(h.undo(s.apply)).toBe(true);
  expect(s.annotations.get("a")!.note).toBe("");
  expect(h.undo(s.apply)).toBe(true);
  expect(s.annotations.size).toBe(0);
  expect(h.undo(s.apply)).toBe(false);

  expect(h.redo(s.apply)).toBe(true); // made again, under a new id
  expect([...s.annotations.keys()]).toEqual(["n0"]);
  expect(h.undo(s.apply)).toBe(true); // and that one is what undo removes
  expect(s.annotations.size).toBe(0);
  expect(s.log).toEqual(['update a {"note":""}', "delete a", "create n0 person", "delete n0"]);
});

test("a new change after an undo ends the redo trail", () => {
  const s = store();
  const h = new UndoHistory();
  s.annotations.set("a", snap("person"));
  h.record({ type: "created", id: "a", snapshot: snap("person") });
  h.undo(s.apply);
  expect(h.canRedo).toBe(true);
  s.annotations.set("b", snap("place"));
  h.record({ type: "created", id: "b", snapshot: snap("place") });
  expect(h.canRedo).toBe(false);
  expect(h.redo(s.apply)).toBe(false);
});

test("a change whose annotation was deleted elsewhere is skipped, not redone out of nothing", () => {
  const s = store();
  const h = new UndoHistory();
  s.annotations.set("a", snap("person"));
  h.record(updateEntry("a", snap("person"), { labelId: "place" }));
  s.annotations.delete("a"); // someone else deleted it
  expect(h.undo(s.apply)).toBe(false);
  expect(h.canRedo).toBe(false);
  expect(s.annotations.size).toBe(0);
});

test("the history keeps the newest changes up to its limit", () => {
  const s = store();
  const h = new UndoHistory();
  const entries: UndoEntry[] = [];
  for (let i = 0; i < UNDO_LIMIT + 10; i++) {
    s.annotations.set(`a${i}`, snap("person"));
    const entry: UndoEntry = { type: "created", id: `a${i}`, snapshot: snap("person") };
    entries.push(entry);
    h.record(entry);
  }
  let undone = 0;
  while (h.undo(s.apply)) undone++;
  expect(undone).toBe(UNDO_LIMIT);
  // The oldest ten are beyond the limit: still there.
  expect([...s.annotations.keys()]).toEqual(entries.slice(0, 10).map((e) => e.id));
});

test("a correction of a refused value is one undo step with it, back to the value before both", () => {
  const { annotations, apply } = store();
  annotations.set("a", snap("event", "typed note"));
  const history = new UndoHistory();
  history.record(updateEntry("a", snap("event"), { note: "typed note" }));
  // The server refused {date: "April 2019"}: what is shown stayed at no date, and the correction is made from there.
  history.record(updateEntry("a", annotations.get("a")!, { attributes: { date: "April 2019" } }));
  history.recordCorrection(updateEntry("a", annotations.get("a")!, { attributes: { date: "2019-04" } }));
  annotations.set("a", { ...annotations.get("a")!, attributes: { date: "2019-04" } });
  expect(history.undo(apply)).toBe(true);
  expect(annotations.get("a")).toMatchObject({ attributes: {}, note: "typed note" });
  expect(history.undo(apply)).toBe(true);
  expect(annotations.get("a")).toMatchObject({ note: "" });
  expect(history.canUndo).toBe(false);
  // A correction of other fields than the last change is a change of its own.
  history.record(updateEntry("a", annotations.get("a")!, { note: "x" }));
  history.recordCorrection(updateEntry("a", annotations.get("a")!, { labelId: "other" }));
  expect(history.undo(apply) && history.undo(apply)).toBe(true);
});
