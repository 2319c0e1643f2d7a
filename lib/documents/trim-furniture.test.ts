import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { canonicalizeText } from "@/lib/anchoring/canonical-text";
import { findFurniture } from "@/lib/documents/trim-furniture";

const corpus = (file: string) =>
  canonicalizeText(fs.readFileSync(path.resolve(import.meta.dirname, "../../prisma/seed/corpus", file), "utf8"));

test.each([
  ["000_ae8d796d95327752.txt", "Pyongyang, April 25, Juche 113(2024)", "More From Ministry of Foreign Affairs (EN)\n", "More Articles"],
  ["001_0911b02dd773d832.txt", "(Abridgment compiled from Rodong Sinmun and KCNA - April 23, 2020)", "Previous Post Next Post", "Previous Post Next Post"],
  ["002_3a0c81bb4ec1f5d5.txt", "steadily advance towards a new higher stage of its development.", "More From Ministry of Foreign Affairs (EN)\n", "More Articles"],
  ["003_6887a0317dca4ed2.txt", "safeguard the national interests.", "2023 © All rights reserved.", "www.pyongyangtimes.com.kp"],
])("sample article %s: the article ends where it should and only furniture is cut", (file, lastKept, removedStart, removedEnd) => {
  const text = corpus(file);
  const trim = findFurniture(text)!;
  expect(trim).not.toBeNull();
  expect(trim.keep.endsWith(lastKept)).toBe(true);
  expect(trim.removed.startsWith(removedStart)).toBe(true);
  expect(trim.removed.trimEnd().endsWith(removedEnd)).toBe(true);
  expect(text.slice(trim.cutAt)).toBe(trim.removed);
  expect(text.slice(0, trim.cutAt).trimEnd()).toBe(trim.keep);
  // Nothing of the removed part is article prose: it never contains the last kept sentence.
  expect(trim.removed).not.toContain(lastKept);
});

test("the headline lists are explained: repeated teasers and dates are counted", () => {
  const trim = findFurniture(corpus("000_ae8d796d95327752.txt"))!;
  expect(trim.reasons[0]).toBe('"More From Ministry of Foreign Affairs (EN)" marker');
  expect(trim.reasons).toContain("20 date lines");
  expect(trim.removedLines).toBeGreaterThan(40);
});

test("an article without furniture is left alone", () => {
  expect(findFurniture(corpus("004_13ccf5689b473067.txt"))).toBeNull();
  expect(findFurniture("")).toBeNull();
  expect(findFurniture("Just one line.")).toBeNull();
});

test("dates and repeated sentences inside the article do not start a cut", () => {
  const text = [
    "Talks were held.",
    "April 25, 2019",
    "The leaders met. The leaders met.",
    "Kim said: read more books.",
    "Kim said: read more books.",
    "The visit ended on April 26.",
  ].join("\n");
  expect(findFurniture(text)).toBeNull();
});

test("a marker followed by real prose is not furniture", () => {
  const text = "Intro paragraph.\nMore Articles\nThis sentence is part of the story and appears only once.\nEnd.";
  expect(findFurniture(text)).toBeNull();
});

test("only the last run of furniture is cut when a marker also appears earlier", () => {
  const text = "Related Articles\nThe article itself starts after a stray marker.\nIt ends here.\n\nRead more\n© 2024 Example News. All rights reserved.\n";
  const trim = findFurniture(text)!;
  expect(trim.keep).toBe("Related Articles\nThe article itself starts after a stray marker.\nIt ends here.");
  expect(trim.removed.startsWith("Read more")).toBe(true);
});

test("a text that is nothing but furniture is not emptied", () => {
  expect(findFurniture("More Articles\nPrevious Post Next Post\n")).toBeNull();
});
