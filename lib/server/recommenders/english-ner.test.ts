import { expect, test } from "vitest";
import { findEnglishEntities, findEnglishEntitiesSteps, mappingFor } from "@/lib/server/recommenders/english-ner";
import { runInSlices } from "@/lib/run-in-slices";
import { withTimerBeside } from "@/lib/testing/event-loop-pauses";

test("people, places and organisations of an English text, without the punctuation beside them (UTF-16 offsets)", () => {
  const text = "🇰🇵 Later, Vladimir Putin flew to Vladivostok. Microsoft said nothing.";
  const found = findEnglishEntities(text);
  expect(found).toEqual(expect.arrayContaining([
    { kind: "people", start: text.indexOf("Vladimir Putin"), end: text.indexOf("Vladimir Putin") + 14, text: "Vladimir Putin" },
    { kind: "places", start: text.indexOf("Vladivostok"), end: text.indexOf("Vladivostok") + 11, text: "Vladivostok" },
    { kind: "organizations", start: text.indexOf("Microsoft"), end: text.indexOf("Microsoft") + 9, text: "Microsoft" },
  ]));
  for (const f of found) expect(text.slice(f.start, f.end)).toBe(f.text);
});

test("the mapping to labels: the curator's choice, else the usual label names; only entity labels", () => {
  const labels = [
    { id: "p", name: "Person", kind: "ENTITY" }, { id: "l", name: "Location", kind: "ENTITY" }, { id: "o", name: "Organisation", kind: "ENTITY" },
    { id: "c", name: "Claim", kind: "CLAIM" }, { id: "x", name: "Leader", kind: "ENTITY" },
  ];
  expect(mappingFor(null, labels)).toEqual({ people: "p", places: "l", organizations: "o" });
  expect(mappingFor({ people: "x", places: "c" }, labels)).toEqual({ people: "x", places: "l", organizations: "o" });
  expect(mappingFor(null, labels.filter((l) => l.id !== "o"))).toEqual({ people: "p", places: "l" });
});

// Found by a review: compromise's people() slows down with the square of the text it is given — a
// 200,000-character text took 133 s, holding the server's one thread during a recommender's run.
test("a 300,000-character text is read in pieces: every entity found, in seconds, the event loop free meanwhile", async () => {
  const line = "🇰🇵 Later, Vladimir Putin flew to Vladivostok, where 金正恩 waited.\r\nThe KCNA said Microsoft was not there. ";
  const copies = Math.ceil(300_000 / line.length);
  const text = line.repeat(copies);
  const { value: found, longest, whole } = await withTimerBeside(() => runInSlices(findEnglishEntitiesSteps(text)));
  expect(whole).toBeLessThan(15_000);
  expect(found.filter((f) => f.kind === "people" && f.text === "Vladimir Putin")).toHaveLength(copies);
  expect(found.filter((f) => f.kind === "places" && f.text === "Vladivostok")).toHaveLength(copies);
  for (const f of found) expect(text.slice(f.start, f.end)).toBe(f.text);
  // A piece at a time: other work waited at most about one piece's worth, not the whole reading
  // (relative, so a loaded machine slowing both does not fail it).
  expect(longest).toBeLessThan(Math.max(300, whole / 5));
}, 60_000);
