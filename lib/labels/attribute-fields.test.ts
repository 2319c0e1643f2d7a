import { expect, test } from "vitest";
import { linkedIds, showAttributes } from "@/lib/labels/attribute-fields";

const quotes = new Map([["a1", "Kim Jong Un"], ["a2", "Putin"]]);

test("attributes read by their names, in the kind's order, links as the linked quote", () => {
  const attributes = { modality: "factual", claimantId: "a1", stance: "critical" };
  expect(showAttributes("CLAIM", attributes, (id) => quotes.get(id))).toEqual([
    { key: "claimantId", name: "Claimant", values: ["“Kim Jong Un”"] },
    { key: "stance", name: "Stance toward the subject", values: ["critical"] },
    { key: "modality", name: "Modality", values: ["factual"] },
  ]);
});

test("many links, a link to a removed annotation, empty values and keys the kind does not define", () => {
  const attributes = { participantIds: ["a1", "a2", "gone"], date: "", locationId: undefined, legacy: "kept" };
  expect(showAttributes("EVENT", attributes, (id) => quotes.get(id))).toEqual([
    { key: "participantIds", name: "Participants", values: ["“Kim Jong Un”", "“Putin”", "(an annotation removed or not shown to you)"] },
    { key: "legacy", name: "legacy", values: ["kept"] },
  ]);
  expect(linkedIds("EVENT", { participantIds: ["a1", 7], locationId: "a2", date: "2019" })).toEqual(["a2", "a1"]);
  expect(linkedIds("ENTITY", { canonicalName: "a1" })).toEqual([]);
});

test("extra attributes from another tool are shown by their own names in alphabetical order, a flag as yes", () => {
  expect(showAttributes("ENTITY", { canonicalName: "Putin", extra: { Negation: true, Confidence: "High" } }, () => undefined)).toEqual([
    { key: "canonicalName", name: "Canonical name", values: ["Putin"] },
    { key: "extra.Confidence", name: "Confidence", values: ["High"] },
    { key: "extra.Negation", name: "Negation", values: ["yes"] },
  ]);
});
