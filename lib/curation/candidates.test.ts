import { expect, test } from "vitest";
import { candidatesOf, clustersOf } from "@/lib/curation/candidates";

const a = (id: string, authorId: string, start: number, end: number, labelId = "PER") => ({ id, authorId, start, end, labelId, exact: "x", attributes: {} });

test("identical spans with the same label are one candidate with one vote per annotator", () => {
  const c = candidatesOf([a("1", "amina", 0, 11), a("2", "bruno", 0, 11), a("3", "bruno", 0, 11), a("4", "chen", 0, 11, "ORG")]);
  expect(c.map((x) => [x.key, x.authors, x.annotationIds])).toEqual([
    ["0:11:PER", ["amina", "bruno"], ["1", "2", "3"]],
    ["0:11:ORG", ["chen"], ["4"]],
  ]);
});

test("overlapping candidates cluster together, disjoint ones do not", () => {
  const clusters = clustersOf(candidatesOf([a("1", "amina", 0, 11), a("2", "bruno", 0, 8), a("3", "amina", 6, 15), a("4", "bruno", 20, 30)]));
  expect(clusters.map((c) => [c.start, c.end, c.candidates.length])).toEqual([[0, 15, 3], [20, 30, 1]]);
});
