import { expect, test } from "vitest";
import type { Annotation } from "@/lib/client/annotation-queue";
import { feedbackSignals } from "@/lib/client/feedback-signals";

const ME = "me";
const base: Annotation = {
  id: "a1", documentId: "d", labelId: "l", authorId: ME, start: 0, end: 3, exact: "Kim", prefix: "", suffix: "", attributes: {}, note: "",
  version: 1, reviewState: "PENDING", gold: false, canonicalId: null, seq: 10, deleted: false, createdAt: "", updatedAt: "",
};
const before = new Map([["a1", base]]);

test("a verdict on my annotation is a signal with its kind", () => {
  expect(feedbackSignals([{ ...base, reviewState: "REJECTED", seq: 11 }], before, ME)).toEqual([{ annotationId: "a1", exact: "Kim", kind: "rejected" }]);
  expect(feedbackSignals([{ ...base, reviewState: "ACCEPTED", seq: 11 }], before, ME)).toEqual([{ annotationId: "a1", exact: "Kim", kind: "accepted" }]);
});

test("my annotation sent again unchanged is a discussion signal", () => {
  expect(feedbackSignals([{ ...base, seq: 12 }], before, ME)).toEqual([{ annotationId: "a1", exact: "Kim", kind: "discussion" }]);
});

test("no signal for my own edit, a knowledge-base link, someone else's annotation, an old or unknown one, a deletion or gold", () => {
  expect(feedbackSignals([{ ...base, version: 2, note: "x", seq: 11 }], before, ME)).toEqual([]);
  expect(feedbackSignals([{ ...base, canonicalId: "c", seq: 11 }], before, ME)).toEqual([]);
  expect(feedbackSignals([{ ...base, reviewState: "REJECTED", seq: 11 }], before, "someone else")).toEqual([]);
  expect(feedbackSignals([{ ...base, reviewState: "REJECTED", seq: 10 }], before, ME)).toEqual([]);
  expect(feedbackSignals([{ ...base, id: "new", seq: 11 }], before, ME)).toEqual([]);
  expect(feedbackSignals([{ ...base, deleted: true, seq: 11 }], before, ME)).toEqual([]);
  expect(feedbackSignals([{ ...base, gold: true, reviewState: "ACCEPTED", seq: 11 }], before, ME)).toEqual([]);
  // A verdict set back to pending is a change by its author, not feedback.
  expect(feedbackSignals([{ ...base, reviewState: "PENDING", seq: 11 }], new Map([["a1", { ...base, reviewState: "REJECTED" }]]), ME)).toEqual([]);
});
