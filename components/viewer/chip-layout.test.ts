import { expect, test } from "vitest";
import { CHIP_HEIGHT, MARKER_SIZE, layoutChips, type Box, type ChipInput } from "@/components/viewer/chip-layout";

// Two lines of text, 20 px tall glyph boxes, 42 px apart (line-height 2.6 at 16 px): a 22 px gap.
const LINE_1 = { x: 0, y: 30, width: 800, height: 20 };
const LINE_2 = { x: 0, y: 72, width: 800, height: 20 };
const anchor = (left: number, width: number, line = LINE_2) => ({ left, right: left + width, top: line.y, bottom: line.y + line.height });

const intersect = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const clashes = (boxes: Box[], others: Box[] = []) =>
  boxes.flatMap((a, i) => [...boxes.slice(i + 1), ...others].filter((b) => intersect(a, b)).map((b) => [a, b]));

test("a chip sits in the gap just above its span's start, clear of the line under it and the line above", () => {
  const [chip] = layoutChips([{ id: "a", anchor: anchor(100, 80), width: 40 }], [LINE_1, LINE_2]);
  expect(chip).toEqual({ id: "a", box: { x: 100, y: 72 - 1 - CHIP_HEIGHT, width: 40, height: CHIP_HEIGHT }, form: "chip" });
  expect(clashes([chip.box], [LINE_1, LINE_2])).toEqual([]);
});

test("chips of spans starting at one word never overlap: the shortest span's chip keeps the start, the others shift along their spans", () => {
  const chips: ChipInput[] = [
    { id: "claim", anchor: anchor(0, 800), width: 40 },
    { id: "date", anchor: anchor(0, 70), width: 60 },
    { id: "place", anchor: anchor(0, 300), width: 50 },
  ];
  const placed = layoutChips(chips, [LINE_1, LINE_2]);
  expect(placed.map((p) => p.form)).toEqual(["chip", "chip", "chip"]);
  expect(placed.find((p) => p.id === "date")!.box.x).toBe(0);
  expect(clashes(placed.map((p) => p.box), [LINE_1, LINE_2])).toEqual([]);
  // Each chip still starts over its own span.
  for (const p of placed) {
    const c = chips.find((c) => c.id === p.id)!;
    expect(p.box.x).toBeGreaterThanOrEqual(c.anchor.left);
    expect(p.box.x).toBeLessThan(c.anchor.right);
  }
});

test("underline bars of the line above are kept visible, and a chip with no room left collapses to a marker", () => {
  // The bars of the line above fill the upper half of the gap: one row of chips fits below them.
  const bars = [0, 1, 2].map((level) => ({ x: 0, y: 51 + level * 3, width: 800, height: 2 }));
  // A span starting with a shorter one and ending before the next one starts: no room for its name.
  const chips: ChipInput[] = [
    { id: "short", anchor: anchor(10, 40), width: 38 },
    { id: "next", anchor: anchor(70, 40), width: 40 },
    { id: "same-start", anchor: anchor(10, 48), width: 60 },
  ];
  const placed = layoutChips(chips, [LINE_1, LINE_2, ...bars]);
  expect(placed.find((p) => p.id === "short")!.form).toBe("chip");
  expect(placed.find((p) => p.id === "next")!.form).toBe("chip");
  const marker = placed.find((p) => p.id === "same-start")!;
  expect(marker.form).toBe("marker");
  expect(marker.box.width).toBe(MARKER_SIZE);
  expect(clashes(placed.map((p) => p.box), [LINE_1, LINE_2, ...bars])).toEqual([]);
});

test("where the gap is tall enough, chips stack in rows above the line before collapsing", () => {
  // The first line has the padding above it: room for rows.
  const chips: ChipInput[] = Array.from({ length: 3 }, (_, i) => ({ id: `c${i}`, anchor: anchor(0, 30, LINE_1), width: 50 }));
  const placed = layoutChips(chips, [LINE_1]);
  expect(placed.map((p) => p.form)).toEqual(["chip", "chip"]);
  expect(new Set(placed.map((p) => p.box.y)).size).toBe(2);
  expect(clashes(placed.map((p) => p.box), [LINE_1])).toEqual([]);
});

test("a marker with no room either is left out rather than drawn over something; the priority chip is always drawn", () => {
  const chips: ChipInput[] = [
    ...Array.from({ length: 8 }, (_, i) => ({ id: `c${i}`, anchor: anchor(0, 12), width: 50 })),
    { id: "selected", anchor: anchor(0, 12), width: 50, priority: true },
  ];
  const placed = layoutChips(chips, [LINE_1, LINE_2]);
  expect(placed[0]).toMatchObject({ id: "selected", form: "chip", box: { x: 0 } });
  expect(placed.length).toBeLessThan(chips.length);
  expect(clashes(placed.map((p) => p.box), [LINE_1, LINE_2])).toEqual([]);
});

test("many chips on a line are laid out in one pass without overlapping", () => {
  const chips: ChipInput[] = Array.from({ length: 200 }, (_, i) => ({ id: `c${i}`, anchor: anchor((i * 37) % 760, 20 + (i % 7) * 30), width: 30 + (i % 5) * 10 }));
  const placed = layoutChips(chips, [LINE_1, LINE_2]);
  expect(placed.length).toBeGreaterThan(10);
  expect(clashes(placed.map((p) => p.box), [LINE_1, LINE_2])).toEqual([]);
});
