import { expect, test } from "vitest";
import { layeredSegments, nudgeSpan, selectedSpan } from "@/lib/anchoring/layered-segments";
import { OffsetMap } from "@/lib/anchoring/offsets";

const TEXT = "🇰🇵 Kim Jong Un 👍🏽 visited Russia.";
const map = new OffsetMap(TEXT);
const cp = (needle: string) => {
  const start = [...TEXT.slice(0, TEXT.indexOf(needle))].length;
  return { start, end: start + [...needle].length };
};

test("nested spans cut the text into pieces that know their covering spans, widest first", () => {
  const visit = { id: "visit", ...cp("Kim Jong Un 👍🏽 visited") };
  const kim = { id: "kim", ...cp("Kim Jong Un") };
  const pieces = layeredSegments(map, 0, map.codePointLength, [kim, visit]);
  expect(pieces.map((p) => [p.text, p.ids])).toEqual([
    ["🇰🇵 ", []],
    ["Kim Jong Un", ["visit", "kim"]],
    [" 👍🏽 visited", ["visit"]],
    [" Russia.", []],
  ]);
  expect(pieces.map((p) => p.text).join("")).toBe(TEXT);
});

test("a selection's UTF-16 offsets within a piece become a trimmed code-point span of the whole text", () => {
  const from = cp("Kim").start;
  const piece = map.slice(from, map.codePointLength);
  // Selecting " Jong Un 👍🏽 " (with white space around) inside the piece.
  const at = piece.indexOf(" Jong");
  const span = selectedSpan(map, from, at, piece.indexOf("visited"));
  expect(span).toEqual({ ...cp("Jong Un 👍🏽"), exact: "Jong Un 👍🏽" });
  // A selection ending inside a surrogate pair takes the whole character; backwards works too.
  const thumb = piece.indexOf("👍");
  expect(selectedSpan(map, from, thumb + 1, piece.indexOf("Jong"))?.exact).toBe("Jong Un 👍");
  expect(selectedSpan(map, from, 0, 0)).toBeNull();
  expect(selectedSpan(map, from, piece.indexOf(" 👍"), piece.indexOf(" 👍") + 1)).toBeNull();
});

test("a span's edges move word by word from the keyboard, in code points past emoji; not past the other edge", () => {
  const kim = cp("Kim");
  expect(nudgeSpan(map, 0, map.codePointLength, kim, "end", 1)).toEqual({ ...cp("Kim Jong"), exact: "Kim Jong" });
  const visited = cp("visited");
  expect(nudgeSpan(map, 0, map.codePointLength, visited, "start", -1)).toEqual({ ...cp("Un 👍🏽 visited"), exact: "Un 👍🏽 visited" });
  expect(nudgeSpan(map, 0, map.codePointLength, cp("Jong Un"), "start", 1)).toEqual({ ...cp("Un"), exact: "Un" });
  expect(nudgeSpan(map, 0, map.codePointLength, cp("Un"), "start", 1)).toBeNull();
  expect(nudgeSpan(map, 0, map.codePointLength, cp("Un"), "end", -1)).toBeNull();
  expect(nudgeSpan(map, 0, map.codePointLength, cp("Russia"), "end", 1)).toBeNull();
});
