import { expect, test } from "vitest";
import { arcPath } from "@/components/viewer/text-overlay";

const box = (left: number, top: number) => ({ left, top, right: left + 40, bottom: top + 20 });

test("an arc leaves from the top of one span, lands on the top of the other, and its name sits above both", () => {
  const { d, apex } = arcPath(box(0, 100), box(200, 100));
  expect(d.startsWith("M 20 100 ")).toBe(true);
  expect(d.endsWith(", 220 100")).toBe(true);
  expect(apex.x).toBe(120);
  expect(apex.y).toBeLessThan(100);
});

test("spans further apart get a higher arc, so arcs between near spans do not hide under far ones", () => {
  const near = arcPath(box(0, 100), box(60, 100)).apex.y;
  const far = arcPath(box(0, 100), box(400, 100)).apex.y;
  expect(far).toBeLessThan(near);
});
