import { expect, test } from "vitest";
import { findNameOccurrences, NameMatcher } from "@/lib/server/knowledge/find-name-occurrences";

const codePointsBefore = (text: string, needle: string, from = 0) => Array.from(text.slice(0, text.indexOf(needle, from))).length;

test("offsets are code points: emoji before a match do not shift it", () => {
  const text = "🇰🇵👍🏽 KIM JONG-UN met Putin. Kim Jong Un's visit.";
  const found = findNameOccurrences(text, ["Kim Jong Un"]);
  expect(found.map((f) => f.exact)).toEqual(["KIM JONG-UN", "Kim Jong Un"]);
  expect(found[0].start).toBe(codePointsBefore(text, "KIM"));
  expect(found[0].start).toBe(5);
  expect(found[0].end).toBe(found[0].start + 11);
  // The possessive ends the word.
  expect(found[1].start).toBe(codePointsBefore(text, "Kim Jong Un's"));
  expect(Array.from(text).slice(found[1].start, found[1].end).join("")).toBe("Kim Jong Un");
});

test("whole words only, never across a line break, diacritics and apostrophes ignored", () => {
  const text = "Kimchi is not Kim. Pyongyangers? No: P'yŏngyang and PYONGYANG.\nKim\nJong Un";
  expect(findNameOccurrences(text, ["Kim"]).map((f) => f.exact)).toEqual(["Kim", "Kim"]);
  expect(findNameOccurrences(text, ["Pyongyang"]).map((f) => f.exact)).toEqual(["P'yŏngyang", "PYONGYANG"]);
  expect(findNameOccurrences(text, ["Kim Jong Un"])).toEqual([]);
});

test("a match keeps combining marks that follow it, and CJK names match inside CJK text", () => {
  const decomposed = "Cafe\u0301 talks; 金正恩同志 visited";
  const cafe = findNameOccurrences(decomposed, ["cafe"]);
  expect(cafe).toHaveLength(1);
  expect(cafe[0]).toMatchObject({ start: 0, end: 5, exact: "Cafe\u0301" });
  const kim = findNameOccurrences(decomposed, ["金正恩"]);
  expect(kim).toHaveLength(1);
  expect(kim[0].exact).toBe("金正恩");
  expect(kim[0].start).toBe(codePointsBefore(decomposed, "金正恩"));
});

test("very short names are not searched for, and each name once", () => {
  expect(findNameOccurrences("Un and he said", ["Un", "he"])).toEqual([]);
  expect(findNameOccurrences("Putin, PUTIN", ["Putin", "putin"]).length).toBe(2);
});

test("thousands of names in one pass: each found where it is, none where it is not", () => {
  const names = Array.from({ length: 3_000 }, (_, i) => `Person ${i.toString(36)} Name`);
  const text = Array.from({ length: 3_000 }, (_, i) => (i % 3 === 0 ? `${names[i]} spoke.` : "Nobody spoke.")).join(" ");
  const matcher = new NameMatcher(names);
  const found = matcher.find(text);
  expect(found).toHaveLength(1_000);
  expect(found.every((f) => f.exact === f.name)).toBe(true);
  expect(found.map((f) => f.name)).toEqual(names.filter((_, i) => i % 3 === 0));
});

test("a 160 KB text naming one entity 40,000 times: every mention found, offsets exact", () => {
  const text = "🇰🇵 " + "Kim! ".repeat(40_000);
  const found = findNameOccurrences(text, ["Kim"]);
  expect(found).toHaveLength(40_000);
  expect(found[0]).toMatchObject({ start: 3, end: 6, exact: "Kim" });
  expect(found[39_999].start).toBe(3 + 5 * 39_999);
});

// Found with the viewer benchmark's 1 MB document: the matcher used before (modern-ahocorasick)
// walked non-ASCII text through Intl.Segmenter, whose cost grows with the square of the text's
// length — 80,000 characters took 22 s, the 1 MB document did not finish in 200 s — on the
// server's one thread, at every open of a long document in a project with a string matcher.
test("a long text with emoji and CJK is searched in one linear pass", () => {
  const line = "🇰🇵 Pyongyang and Moscow signed 金正恩同志 the treaty, on Kim Jong Un's visit.\n";
  const copies = Math.ceil(300_000 / line.length);
  const text = line.repeat(copies);
  const started = performance.now();
  const found = new NameMatcher(["Kim Jong Un", "Moscow", "金正恩"]).find(text);
  expect(found).toHaveLength(3 * copies);
  expect(found.at(-1)!.exact).toBe("Kim Jong Un");
  // About a tenth of a second here (a 1 MB text: 0.3 s); the scan before took minutes.
  expect(performance.now() - started).toBeLessThan(5_000);
}, 10_000);
