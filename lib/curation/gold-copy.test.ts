import { expect, test } from "vitest";
import { agreedAttributes, agreedCanonicalId, agreedRelations, differingAttributes } from "@/lib/curation/gold-copy";

// Annotators a and b each tagged a claim (ca, cb) and its claimant (pa, pb); the claimants' gold copy is G-P.
const gold: Record<string, string> = { pa: "G-P", pb: "G-P", xa: "G-X", ca: "G-C", cb: "G-C" };
const goldOf = (id: string) => gold[id];
const src = (id: string, authorId: string, attributes: object, canonicalId: string | null = null) => ({ id, authorId, attributes, canonicalId });

test("attributes the sources agree on are kept, links rewritten to gold copies; disagreements are left out", () => {
  const kept = agreedAttributes([src("ca", "a", { claimantId: "pa", stance: "critical", modality: "factual" }), src("cb", "b", { claimantId: "pb", stance: "critical", modality: "predictive" })], goldOf);
  expect(kept).toEqual({ claimantId: "G-P", stance: "critical" });
  // A claimant not in gold yet is not copied (it follows when it arrives); nor one they disagree on.
  expect(agreedAttributes([src("ca", "a", { claimantId: "qa" })], goldOf)).toEqual({});
  expect(agreedAttributes([src("ca", "a", { claimantId: "pa" }), src("cb", "b", { claimantId: "xa" })], goldOf)).toEqual({});
  // Participants: those every source names.
  expect(agreedAttributes([src("e1", "a", { participantIds: ["pa", "xa"], date: "2019-04-25" }), src("e2", "b", { participantIds: ["pb"], date: "2019-04-25" })], goldOf)).toEqual({ participantIds: ["G-P"], date: "2019-04-25" });
  // A value only one source has is not agreed on.
  expect(agreedAttributes([src("e1", "a", { date: "2019" }), src("e2", "b", {})], goldOf)).toEqual({});
});

test("the knowledge-base link is kept when every source has the same one", () => {
  expect(agreedCanonicalId([src("pa", "a", {}, "kim"), src("pb", "b", {}, "kim")])).toBe("kim");
  expect(agreedCanonicalId([src("pa", "a", {}, "kim"), src("pb", "b", {}, null)])).toBeNull();
});

test("a relation is copied between gold copies when everyone who annotated both ends made it", () => {
  const sources = new Map([["G-C", [{ authorId: "a" }, { authorId: "b" }]], ["G-P", [{ authorId: "a" }, { authorId: "b" }]], ["G-X", [{ authorId: "a" }]]]);
  const refersTo = (fromId: string, toId: string, authorId: string) => ({ typeId: "refers", fromId, toId, authorId });
  expect(agreedRelations([refersTo("ca", "pa", "a"), refersTo("cb", "pb", "b")], sources, goldOf)).toEqual([{ typeId: "refers", fromId: "G-C", toId: "G-P" }]);
  // b annotated both ends but did not link them: not agreed.
  expect(agreedRelations([refersTo("ca", "pa", "a")], sources, goldOf)).toEqual([]);
  // Only a annotated the far end: a's link is all there is to agree on.
  expect(agreedRelations([refersTo("ca", "xa", "a")], sources, goldOf)).toEqual([{ typeId: "refers", fromId: "G-C", toId: "G-X" }]);
  // An end not in gold: nothing yet.
  expect(agreedRelations([refersTo("ca", "nowhere", "a")], sources, goldOf)).toEqual([]);
});

test("differing attributes are named", () => {
  expect(differingAttributes([{ stance: "critical", date: "2019" }, { stance: "neutral", date: "2019" }, { date: "2019" }])).toEqual(["stance"]);
  expect(differingAttributes([{ a: 1 }, { a: 1 }])).toEqual([]);
});
