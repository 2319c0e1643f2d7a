import { expect, test, vi } from "vitest";
import { NameMatcher } from "@/lib/server/knowledge/find-name-occurrences";
import { coveredBy, MAX_OCCURRENCES, MAX_PROPOSALS, proposeMatches, proposeMatchesSteps, scoreOf } from "@/lib/server/recommenders/string-matcher";
import { runInSlices } from "@/lib/run-in-slices";
import { withTimerBeside } from "@/lib/testing/event-loop-pauses";

const PERSON = "person";
const PLACE = "place";
const cp = (text: string, needle: string, from = 0) => [...text.slice(0, text.indexOf(needle, from))].length;

test("a tagged text is proposed at its other occurrences, folded like the knowledge base, in code points, whole words only", () => {
  const text = "🇰🇵 Kim Jong Un met KIM JONG-UN? No: kim  jong un. Kimchi is not Kim Jong Unx.";
  const first = cp(text, "Kim Jong Un");
  const proposals = proposeMatches({
    text,
    tagged: [{ labelId: PERSON, exact: "Kim Jong Un" }],
    history: [],
    skip: [{ labelId: PERSON, start: first, end: first + 11 }],
    minScore: 0,
  });
  // The hyphen folds to a space as in the knowledge base: "KIM JONG-UN" is the same name.
  expect(proposals.map((p) => [p.exact, p.start])).toEqual([["KIM JONG-UN", cp(text, "KIM JONG-UN")], ["kim  jong un", cp(text, "kim  jong un")]]);
  expect(proposals.map((p) => p.score)).toEqual([1, 1]);
});

test("the score follows the person's accepts and rejects; below the minimum nothing is proposed; a rejection alone proposes nothing", () => {
  const text = "Pyongyang and Pyongyang.";
  const tagged = [{ labelId: PLACE, exact: "Pyongyang" }];
  expect(scoreOf({ tagged: 1, accepted: 0, rejected: 2 })).toBeCloseTo(1 / 3);
  const history = [{ labelId: PLACE, exact: "PYONGYANG", verdict: "REJECTED" as const }, { labelId: PLACE, exact: "Pyongyang", verdict: "REJECTED" as const }];
  const scored = proposeMatches({ text, tagged, history, skip: [], minScore: 0 });
  expect(scored.map((p) => p.score)).toEqual([1 / 3, 1 / 3]);
  expect(proposeMatches({ text, tagged, history, skip: [], minScore: 0.5 })).toEqual([]);
  expect(proposeMatches({ text, tagged: [], history: [{ labelId: PLACE, exact: "Pyongyang", verdict: "ACCEPTED" }], skip: [], minScore: 0 })).toEqual([]);
});

test("a shorter text inside a longer one with the same label is not proposed twice; with another label it is", () => {
  const text = "Vladimir Putin spoke.";
  const tagged = [{ labelId: PERSON, exact: "Putin" }, { labelId: PERSON, exact: "Vladimir Putin" }, { labelId: PLACE, exact: "Putin" }];
  const proposals = proposeMatches({ text, tagged, history: [], skip: [], minScore: 0 });
  expect(proposals.map((p) => [p.labelId, p.exact])).toEqual([[PERSON, "Vladimir Putin"], [PLACE, "Putin"]]);
});

test("coveredBy: a span inside an annotated or decided span of the same label, however many there are", () => {
  const spans = [
    { labelId: "person", start: 10, end: 30 },
    { labelId: "person", start: 12, end: 14 },
    { labelId: "place", start: 40, end: 50 },
    ...Array.from({ length: 5_000 }, (_, i) => ({ labelId: "org", start: 100 + i * 10, end: 105 + i * 10 })),
  ];
  const covered = coveredBy(spans);
  expect(covered({ labelId: "person", start: 15, end: 30 })).toBe(true); // inside the first, though the second started later
  expect(covered({ labelId: "person", start: 15, end: 31 })).toBe(false);
  expect(covered({ labelId: "person", start: 9, end: 12 })).toBe(false);
  expect(covered({ labelId: "place", start: 20, end: 25 })).toBe(false); // another label
  expect(covered({ labelId: "org", start: 49_990 + 100, end: 49_995 + 100 })).toBe(true);
  expect(covered({ labelId: "org", start: 106, end: 108 })).toBe(false); // between two
  expect(covered({ labelId: "nobody", start: 0, end: 1 })).toBe(false);
});

test("a short text recurring 200,000 times in a long document: the first 10,000 proposals, from a bounded number of occurrences", () => {
  // "Kim" tagged once in a 2.6 MB text that says it 200,000 times (the viewer benchmark's
  // document, the sample corpus repeated, made tens of thousands of proposals per page open).
  const text = "Kim met Kim. ".repeat(100_000);
  // How many occurrences the matcher collected (it works in steps: findSteps returns them at its end).
  const findSteps = NameMatcher.prototype.findSteps;
  let collected = -1;
  const find = vi.spyOn(NameMatcher.prototype, "findSteps").mockImplementation(function* (this: NameMatcher, ...args) {
    const found = yield* findSteps.apply(this, args);
    collected = found.length;
    return found;
  });
  try {
    const proposals = proposeMatches({ text, tagged: [{ labelId: PERSON, exact: "Kim" }], history: [], skip: [{ labelId: PERSON, start: 0, end: 3 }], minScore: 0 });
    expect(proposals).toHaveLength(MAX_PROPOSALS);
    // In text order from the start, the tagged one left out.
    expect(proposals.slice(0, 3).map((p) => p.start)).toEqual([8, 13, 21]);
    expect(proposals.every((p, i) => i === 0 || p.start > proposals[i - 1].start)).toBe(true);
    // The matcher stopped looking after MAX_OCCURRENCES occurrences, not at the 200,000th.
    expect(collected).toBeGreaterThan(0);
    expect(collected).toBeLessThanOrEqual(MAX_OCCURRENCES);
  } finally {
    find.mockRestore();
  }
});

// The matching of a long document runs on the server's one thread: a request works it in slices,
// so the event loop keeps serving other requests meanwhile (it used to hold the thread throughout).
test("in slices, the matcher of a 3 MB document lets other work run every few milliseconds, and proposes the same", async () => {
  const line = "🇰🇵 Pyongyang and Moscow signed 金正恩同志 the treaty on Kim Jong Un's visit to Vladivostok.\n";
  const text = line.repeat(Math.ceil(3_000_000 / line.length));
  const input = { text, tagged: [{ labelId: PERSON, exact: "Kim Jong Un" }, { labelId: PLACE, exact: "Vladivostok" }], history: [], skip: [], minScore: 0 };
  const { value: sliced, longest, whole } = await withTimerBeside(() => runInSlices(proposeMatchesSteps(input)));
  expect(sliced).toHaveLength(MAX_PROPOSALS);
  expect(sliced).toEqual(proposeMatches(input));
  // Slices of 4 ms: the timer never waited for more than a small part of the matching (at once, it
  // waited for all of it: several hundred ms). Relative, so a loaded machine slowing both does not fail it.
  expect(longest).toBeLessThan(Math.max(150, whole / 3));
}, 30_000);
