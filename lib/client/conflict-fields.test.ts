import { expect, test } from "vitest";
import { conflictFields } from "@/lib/client/conflict-fields";

const names = {
  label: (id: string) => ({ l1: "Person", l2: "Location" })[id],
  annotation: (id: string) => ({ a1: "Kim Jong Un", a2: "Putin" })[id],
};

test("each field my change set is shown with the server's value beside mine, in the form's words", () => {
  const theirs = { labelId: "l1", attributes: { stance: "critical", claimantId: "a1" }, note: "their note" };
  const mine = { version: 1, labelId: "l2", attributes: { stance: "supportive", claimantId: "a2", date: "2019" }, note: "my note" };
  expect(conflictFields("update", mine, theirs, names)).toEqual([
    { field: "Label", theirs: "Person", mine: "Location" },
    { field: "Stance toward the subject", theirs: "critical", mine: "supportive" },
    { field: "Claimant", theirs: "Kim Jong Un", mine: "Putin" },
    { field: "Date", theirs: "(empty)", mine: "2019" },
    { field: "Note", theirs: "their note", mine: "my note" },
  ]);
});

test("fields my change did not touch, or where both agree, are not listed; deletes show as one row", () => {
  const theirs = { labelId: "l1", attributes: {}, note: "same" };
  expect(conflictFields("update", { version: 3, note: "same" }, theirs, names)).toEqual([]);
  expect(conflictFields("update", { note: "mine" }, { ...theirs, deleted: true }, names)).toEqual([{ field: "Annotation", theirs: "deleted", mine: "changed" }]);
  expect(conflictFields("delete", { version: 1 }, theirs, names)).toEqual([{ field: "Annotation", theirs: "kept (changed)", mine: "deleted" }]);
  expect(conflictFields("update", { note: "x" }, null, names)).toEqual([]);
});
