// Undo of decisions on recommenders' suggestions, as a person would use it beside annotation
// changes: Ctrl+Z takes back the newest step whichever kind it is — an accept-all as one step —,
// redo makes the decisions again, and a new change ends the redo trail.
import { expect, test } from "vitest";
import { flipDecisions, UndoHistory, type ApplyInverse, type DecisionEntry } from "@/lib/client/undo-history";

const acceptAll: DecisionEntry = {
  type: "decisions", made: true, verdict: "accept", labelId: "person", bulk: true,
  proposals: [{ start: 30, end: 35 }], suggestions: [{ id: "s1", start: 6, end: 17 }, { id: "s2", start: 50, end: 61 }],
};
const reject: DecisionEntry = { type: "decisions", made: true, verdict: "reject", labelId: "person", bulk: false, proposals: [], suggestions: [{ id: "s3", start: 70, end: 81 }] };

function setup() {
  const log: string[] = [];
  const h = new UndoHistory();
  h.handleDecisions((e) => {
    log.push(`${e.made ? "withdraw" : "make"} ${e.verdict}${e.bulk ? " all" : ""} ${[...e.proposals.map((p) => p.start), ...e.suggestions.map((s) => s.id)].join(",")}`);
    return flipDecisions(e);
  });
  const outbox: ApplyInverse = (e) => {
    log.push(`outbox ${e.type} ${e.id}`);
    if (e.type === "created") return { type: "deleted", id: e.id, snapshot: e.snapshot };
    if (e.type === "deleted") return { type: "created", id: e.id, snapshot: e.snapshot };
    return null;
  };
  return { h, log, outbox };
}

test("one undo takes back a whole accept-all, the next an annotation made before it; redo makes them again in order", () => {
  const { h, log, outbox } = setup();
  h.record({ type: "created", id: "a", snapshot: { labelId: "person", start: 0, end: 3, exact: "Kim", attributes: {}, note: "" } });
  h.record(acceptAll);
  expect(h.latest).toBe(acceptAll);
  expect(h.undo(outbox)).toBe(true);
  expect(log).toEqual(["withdraw accept all 30,s1,s2"]);
  expect(h.undo(outbox)).toBe(true);
  expect(log.at(-1)).toBe("outbox created a");
  expect(h.canUndo).toBe(false);
  expect(h.redo(outbox)).toBe(true);
  expect(log.at(-1)).toBe("outbox deleted a");
  expect(h.redo(outbox)).toBe(true);
  expect(log.at(-1)).toBe("make accept all 30,s1,s2");
  // Redone, it is undone again by the next Ctrl+Z.
  expect(h.latest).toEqual(acceptAll);
  h.undo(outbox);
  expect(log.at(-1)).toBe("withdraw accept all 30,s1,s2");
});

test("a reject is undone (offered again) and redone; a new decision ends the redo trail", () => {
  const { h, log, outbox } = setup();
  h.record(reject);
  h.undo(outbox);
  h.redo(outbox);
  expect(log).toEqual(["withdraw reject s3", "make reject s3"]);
  h.undo(outbox);
  h.record(acceptAll);
  expect(h.canRedo).toBe(false);
});

test("with no panel to carry them out (none yet, or it unmounted), decision entries are dropped rather than sent to the outbox", () => {
  const h = new UndoHistory();
  const unset = h.handleDecisions(flipDecisions);
  unset();
  const outbox: ApplyInverse = () => {
    throw new Error("a decision must not reach the outbox");
  };
  h.record(reject);
  expect(h.undo(outbox)).toBe(false);
  expect(h.canRedo).toBe(false);
});
