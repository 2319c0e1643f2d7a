import { expect, test } from "vitest";
import type { RefusedChange } from "@/lib/client/annotation-queue";
import { fieldRefusals, supersededRefusals } from "@/lib/client/field-refusals";

const refusedUpdate = (opId: string, annotationId: string, body: Record<string, unknown>, refused: { message: string; issues?: { path: string; message: string }[] }): RefusedChange => ({
  op: { opId, documentId: "d", userId: "u", kind: "update", annotationId, body, createdAt: 1, refused: { status: 400, at: 1, ...refused } },
  heldBehind: [],
});

test("a refused value is explained at its field by the server's issue path; without paths, at every field the change set", () => {
  const refused = [
    refusedUpdate("1", "a", { version: 1, attributes: { date: "April 2019" } }, { message: "Invalid attributes", issues: [{ path: "attributes.date", message: "use an ISO date: 2019, 2019-04 or 2019-04-25" }] }),
    refusedUpdate("2", "a", { version: 1, note: "x" }, { message: "Viewers cannot change annotations." }),
    refusedUpdate("3", "other", { version: 1, note: "y" }, { message: "not this one" }),
  ];
  expect(fieldRefusals(refused, "a")).toEqual({ "attributes.date": "use an ISO date: 2019, 2019-04 or 2019-04-25", note: "Viewers cannot change annotations." });
});

test("a new value for the same fields replaces the refused change; one that set more is kept", () => {
  const refused = [
    refusedUpdate("1", "a", { version: 1, attributes: { date: "April 2019" } }, { message: "bad" }),
    refusedUpdate("2", "a", { version: 1, attributes: {}, note: "x" }, { message: "bad" }),
    refusedUpdate("3", "b", { version: 1, attributes: {} }, { message: "bad" }),
  ];
  expect(supersededRefusals(refused, "a", ["attributes"])).toEqual(["1"]);
  expect(supersededRefusals(refused, "a", ["attributes", "note"])).toEqual(["1", "2"]);
});
