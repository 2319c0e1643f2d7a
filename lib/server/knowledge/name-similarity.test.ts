import { expect, test } from "vitest";
import { editDistance, scoreNames, similarityRatio } from "@/lib/server/knowledge/name-similarity";

test("edit distance counts a swap of neighbours as one edit, over code points", () => {
  expect(editDistance("kitten", "sitting")).toBe(3);
  expect(editDistance("putin", "ptuin")).toBe(1);
  expect(editDistance("😀a", "a")).toBe(1);
  expect(similarityRatio("pyongyang", "phyongyang")).toBeCloseTo(0.9);
});

test("exact after normalization, near by spelling, partial by shared words, otherwise nothing", () => {
  expect(scoreNames("Kim Jong-un", "Kim Jong Un")).toEqual({ score: 1, match: "exact" });
  expect(scoreNames("P'yŏngyang", "Pyongyang")).toEqual({ score: 1, match: "exact" });
  expect(scoreNames("Kim Jongun", "Kim Jong Un")?.match).toBe("exact");
  const near = scoreNames("Phyongyang", "Pyongyang")!;
  expect(near.match).toBe("near");
  expect(near.score).toBeLessThan(1);
  const partial = scoreNames("Putin", "Vladimir Putin")!;
  expect(partial.match).toBe("partial");
  expect(partial.score).toBeLessThan(near.score);
  expect(scoreNames("Vladivostok", "Pyongyang")).toBeNull();
  expect(scoreNames("the", "the Supreme Leader")).toBeNull();
  expect(scoreNames("Kim Il Sung", "Kim Jong Un")).toBeNull();
});
