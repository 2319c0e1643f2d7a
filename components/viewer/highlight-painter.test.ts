import { expect, test } from "vitest";
import { LevelIndex, type Paint } from "@/components/viewer/highlight-painter";

const paint = (id: string, start: number, end: number): Paint => ({
  id, start, end, background: "#fcd34d99", underline: "#000", pending: false, selected: false, flash: false, title: id,
});
const levels = (index: LevelIndex) => Object.fromEntries([...index.spans].map(([id, s]) => [id, s.level]));

test("a new span takes the lowest level its overlapping spans leave free; the others keep theirs", () => {
  const index = new LevelIndex();
  index.place([paint("outer", 0, 30), paint("later", 41, 50)]);
  index.place([paint("inner", 5, 10)]);
  index.place([paint("overlap", 8, 40)]);
  expect(levels(index)).toEqual({ outer: 0, later: 0, inner: 1, overlap: 2 });
  // Removing a span frees its level for the next one, without moving anyone else.
  index.remove("inner");
  index.place([paint("again", 2, 4)]);
  expect(levels(index)).toEqual({ outer: 0, later: 0, overlap: 2, again: 1 });
  // Relabelling (same range) keeps the level; moving a span places it again.
  index.place([{ ...paint("overlap", 8, 40), title: "relabelled" }]);
  expect(index.spans.get("overlap")).toMatchObject({ level: 2, title: "relabelled" });
  index.place([paint("overlap", 31, 40)]);
  expect(index.spans.get("overlap")!.level).toBe(0);
});

test("the spans under a point come topmost first", () => {
  const index = new LevelIndex();
  index.place([paint("outer", 0, 30), paint("inner", 5, 10)]);
  expect(index.at(7)).toEqual(["inner", "outer"]);
  expect(index.at(10)).toEqual(["outer"]);
  expect(index.at(30)).toEqual([]);
});

test("a large batch (opening a document) is levelled in one sorted pass, the same as one at a time", () => {
  const spans = Array.from({ length: 600 }, (_, i) => paint(`s${i}`, i * 3, i * 3 + 7));
  const bulk = new LevelIndex();
  bulk.place(spans);
  const one = new LevelIndex();
  for (const s of spans) one.place([s]);
  expect(levels(bulk)).toEqual(levels(one));
  expect(Math.max(...Object.values(levels(bulk)))).toBe(2);
});
