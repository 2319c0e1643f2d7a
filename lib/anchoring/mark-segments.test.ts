import { expect, test } from "vitest";
import { markSegments } from "@/lib/anchoring/mark-segments";

test("marks given in code points split text with emoji correctly; overlapping and outside marks are tolerated", () => {
  expect(markSegments("😀 treaty and 金正恩", [{ start: 2, end: 8 }, { start: 13, end: 16 }])).toEqual([
    { text: "😀 ", marked: false },
    { text: "treaty", marked: true },
    { text: " and ", marked: false },
    { text: "金正恩", marked: true },
  ]);
  // A piece that starts at code point 100 of the document, with marks in document offsets.
  expect(markSegments("👍🏽 a treaty", [{ start: 90, end: 101 }, { start: 105, end: 111 }, { start: 108, end: 120 }], 100)).toEqual([
    { text: "👍", marked: true },
    { text: "🏽 a ", marked: false },
    { text: "treaty", marked: true },
  ]);
  expect(markSegments("plain", [])).toEqual([{ text: "plain", marked: false }]);
});
