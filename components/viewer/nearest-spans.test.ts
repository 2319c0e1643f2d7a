import { expect, test } from "vitest";
import { nearestSpans } from "@/components/viewer/nearest-spans";

const spans = Array.from({ length: 5000 }, (_, i) => ({ id: `s${i}`, start: i * 10, end: i * 10 + 5 }));

test("a chooser lists the spans nearest the annotation, in text order, not all 5,000", () => {
  const near = nearestSpans(spans, { start: 25_000, end: 25_004 }, 100);
  expect(near).toHaveLength(100);
  expect(near.map((s) => s.start)).toEqual([...near.map((s) => s.start)].sort((a, b) => a - b));
  expect(near.some((s) => s.id === "s2500")).toBe(true);
  // Taken from both sides: the window reaches about 50 spans each way.
  expect(near[0].start).toBeGreaterThanOrEqual(24_400);
  expect(near.at(-1)!.start).toBeLessThanOrEqual(25_600);
  // At the document's start the window goes forward only.
  expect(nearestSpans(spans, { start: 0, end: 3 }, 10).map((s) => s.id)).toEqual(spans.slice(0, 10).map((s) => s.id));
  // A short list is listed whole.
  expect(nearestSpans(spans.slice(0, 7), { start: 40, end: 45 }, 100)).toHaveLength(7);
});

test("the spans already chosen are always listed, even far away", () => {
  const near = nearestSpans(spans, { start: 25_000, end: 25_004 }, 10, ["s3", "s4999", undefined, "s2500"]);
  expect(near.map((s) => s.id)).toContain("s3");
  expect(near.map((s) => s.id)).toContain("s4999");
  expect(near).toHaveLength(12);
  expect(near[0].id).toBe("s3");
  expect(near.at(-1)!.id).toBe("s4999");
});

test("only the spans a chooser takes are listed (entities, the relation's target kind)", () => {
  const even = nearestSpans(spans, { start: 25_000, end: 25_004 }, 10, [], (s) => Number(s.id.slice(1)) % 2 === 0);
  expect(even).toHaveLength(10);
  expect(even.every((s) => Number(s.id.slice(1)) % 2 === 0)).toBe(true);
  expect(even.some((s) => s.id === "s2500")).toBe(true);
  expect(nearestSpans(spans, { start: 25_000, end: 25_004 }, 10, [], () => false)).toEqual([]);
});
