import { expect, test } from "vitest";
import { mergeProposals } from "@/components/viewer/merge-proposals";
import type { ViewerProposal } from "@/components/viewer/proposal-panel";
import type { ViewerSuggestion } from "@/components/viewer/suggestion-panel";
import type { ViewerLabel } from "@/components/viewer/viewer-types";

const labels = [
  { id: "claim", name: "Claim", kind: "CLAIM" },
  { id: "person", name: "Person", kind: "ENTITY" },
  { id: "place", name: "Location", kind: "ENTITY" },
] as ViewerLabel[];
const proposal = (start: number, end: number, labelId: string, exact: string): ViewerProposal => ({
  id: `sm:${labelId}:${start}:${end}`, recommender: "String matcher", kind: "STRING_MATCHER", labelId, start, end, exact, score: 1,
});
const suggestion = (start: number, end: number, exact: string, name: string, label: { id: string; name: string } | null): ViewerSuggestion => ({
  id: `kb-${start}`, start, end, exact, item: { id: `item-${name}`, name, kind: "ENTITY" }, label,
});

test("knowledge-base suggestions and recommenders' proposals form one list in text order; the same span and label is listed once, as the suggestion", () => {
  const items = mergeProposals(
    [proposal(30, 41, "person", "Kim Jong Un"), proposal(0, 11, "person", "Kim Jong Un"), proposal(50, 61, "place", "Vladivostok")],
    [suggestion(30, 41, "Kim Jong Un", "Kim Jong Un", { id: "person", name: "Person" }), suggestion(12, 17, "Putin", "Vladimir Putin", null)],
    labels,
  );
  expect(items.map((i) => [i.source, i.start, i.labelId])).toEqual([
    ["recommender", 0, "person"],
    // No label of its own yet: the first label of the item's kind, as an accept would use.
    ["knowledge", 12, "person"],
    ["knowledge", 30, "person"],
    ["recommender", 50, "place"],
  ]);
});

test("a proposal of another label on a suggested span stays", () => {
  const items = mergeProposals([proposal(0, 11, "place", "Kim Jong Un")], [suggestion(0, 11, "Kim Jong Un", "Kim Jong Un", { id: "person", name: "Person" })], labels);
  expect(items.map((i) => [i.source, i.labelId])).toEqual([["knowledge", "person"], ["recommender", "place"]]);
});
