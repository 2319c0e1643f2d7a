import { expect, test } from "vitest";
import { findEnglishEntities, mappingFor } from "@/lib/server/recommenders/english-ner";

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
