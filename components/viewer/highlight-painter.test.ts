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

test("placed with the spans near each change only (the painter's line index), the levels are those of a look at every span", () => {
  let seed = 3;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  // Lines of 100 code points; `near` names the spans on the lines a span covers, as the painter does.
  const line = (cp: number) => Math.floor(cp / 100);
  const byLine = new Map<number, Set<string>>();
  const near = (p: { start: number; end: number }) => {
    const ids: string[] = [];
    for (let l = line(p.start); l <= line(p.end); l++) ids.push(...(byLine.get(l) ?? []));
    return ids;
  };
  const everywhere = new LevelIndex();
  const local = new LevelIndex();
  const placed = new Map<string, Paint>();
  for (let step = 0; step < 1500; step++) {
    const batch: Paint[] = [];
    for (let k = 0; k < 1 + Math.floor(random() * 3); k++) {
      const id = random() < 0.3 && placed.size ? [...placed.keys()][Math.floor(random() * placed.size)] : `s${step}-${k}`;
      const start = Math.floor(random() * 1000);
      batch.push(paint(id, start, start + 1 + Math.floor(random() * 150)));
    }
    if (random() < 0.2 && placed.size) {
      const gone = [...placed.keys()][Math.floor(random() * placed.size)];
      if (!batch.some((p) => p.id === gone)) {
        everywhere.remove(gone);
        local.remove(gone);
        const old = placed.get(gone)!;
        for (let l = line(old.start); l <= line(old.end); l++) byLine.get(l)?.delete(gone);
        placed.delete(gone);
      }
    }
    everywhere.place(batch);
    local.place(batch, near);
    for (const p of batch) {
      const old = placed.get(p.id);
      if (old) for (let l = line(old.start); l <= line(old.end); l++) byLine.get(l)?.delete(p.id);
      for (let l = line(p.start); l <= line(p.end); l++) (byLine.get(l) ?? byLine.set(l, new Set()).get(l)!).add(p.id);
      placed.set(p.id, p);
    }
  }
  expect(levels(local)).toEqual(levels(everywhere));
  expect(Math.max(...Object.values(levels(local)))).toBeGreaterThan(2);
});
