import { expect, test } from "vitest";
import { annotationAt } from "@/components/viewer/search-match";

test("a search hit shows the annotation covering most of the match; none when nothing overlaps", () => {
  const spans = [
    { id: "before", start: 0, end: 5 },
    { id: "partial", start: 8, end: 12 },
    { id: "whole", start: 9, end: 20 },
    { id: "tie", start: 9, end: 20 },
  ];
  expect(annotationAt(spans, 10, 18)).toBe("whole");
  expect(annotationAt(spans, 5, 9)).toBe("partial");
  expect(annotationAt(spans, 20, 30)).toBeNull();
  expect(annotationAt([], 0, 3)).toBeNull();
});
