// The suggestion rules, and their cost on the adversarial input an outside review measured: a
// 160 KB text naming one entity 40,000 times (36 s of a blocked server before; quadratic).
import { expect, test } from "vitest";
import { NameMatcher } from "@/lib/server/knowledge/find-name-occurrences";
import { selectSuggestions, type OperationCounter } from "@/lib/server/knowledge/select-suggestions";

const items = (entries: [string, string[]][]) => new Map(entries.map(([key, ids]) => [key, new Set(ids)]));

test("skips spans linked to the item, names inside a longer name of the same item, and repeats", () => {
  const text = "Vladimir Putin met Putin. Putin again.";
  const matcher = new NameMatcher(["Vladimir Putin", "Putin"]);
  const occurrences = matcher.find(text);
  const byKey = items([
    ["vladimir putin", ["p"]],
    ["putin", ["p", "other-putin"]],
  ]);
  const linkedSecond = { canonicalId: "p", start: 19, end: 24 }; // the second "Putin"
  const picked = selectSuggestions(occurrences, byKey, [linkedSecond]);
  const show = (id: string) => picked.filter((s) => s.canonicalId === id).map((s) => `${s.start}-${s.end} ${s.exact}`);
  expect(show("p")).toEqual(["0-14 Vladimir Putin", "26-31 Putin"]);
  // Another item that goes by "Putin" has no longer name and no link: every "Putin" is offered.
  expect(show("other-putin")).toEqual(["9-14 Putin", "19-24 Putin", "26-31 Putin"]);
});

test("a linked span covering several occurrences covers each; a link ending early covers none", () => {
  const text = "Kim Jong Un and Kim Jong Un";
  const occurrences = new NameMatcher(["Kim Jong Un"]).find(text);
  const byKey = items([["kim jong un", ["k"]]]);
  expect(selectSuggestions(occurrences, byKey, [{ canonicalId: "k", start: 0, end: 27 }])).toEqual([]);
  expect(selectSuggestions(occurrences, byKey, [{ canonicalId: "k", start: 0, end: 10 }]).map((s) => s.start)).toEqual([0, 16]);
});

test("40,000 mentions with 40,000 linked spans: work grows linearly, not with the square", () => {
  const run = (repeats: number) => {
    const text = "Kim Jong Un said. ".repeat(repeats);
    const occurrences = new NameMatcher(["Kim Jong Un", "Jong Un", "Kim"]).find(text);
    // Every other mention is already linked.
    const linked = occurrences.filter((o, i) => o.key === "kim jong un" && i % 6 === 0).map((o) => ({ canonicalId: "k", start: o.start, end: o.end }));
    const counter: OperationCounter = { steps: 0 };
    const picked = selectSuggestions(
      occurrences,
      items([
        ["kim jong un", ["k"]],
        ["jong un", ["k"]],
        ["kim", ["k", "kim-family"]],
      ]),
      linked,
      counter,
    );
    return { occurrences: occurrences.length, picked: picked.length, steps: counter.steps };
  };
  const small = run(10_000);
  const large = run(40_000);
  expect(large.occurrences).toBe(4 * small.occurrences);
  expect(large.picked).toBe(4 * small.picked);
  // Linear: four times the input, four times the steps (a quadratic sweep would be sixteen).
  expect(large.steps).toBeLessThanOrEqual(4 * small.steps + 10);
  expect(large.steps).toBeLessThanOrEqual(10 * (large.occurrences + large.picked));
});
