import { expect, test } from "vitest";
import { editDistance, matchBudget, scoreNames, similarityRatio } from "@/lib/server/knowledge/name-similarity";
import { rankCandidates } from "@/lib/server/knowledge/rank-candidates";

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

test("the bounded distance agrees with the full one wherever a near match is possible", () => {
  const words = ["pyongyang", "phyongyang", "pjongjang", "vladivostok", "vladiwostok", "kim", "jong", "un", "putin", "ptuin", "😀a", "a", ""];
  for (const a of words) {
    for (const b of words) {
      const full = editDistance(a, b);
      const longest = Math.max(Array.from(a).length, Array.from(b).length);
      const near = longest > 0 && full <= Math.floor(0.2 * longest + 1e-9);
      expect(scoreNames(a, b)?.match === "near" || scoreNames(a, b)?.match === "exact" || !near, `${a} / ${b}`).toBe(true);
    }
  }
});

test("fifty words against long names: the work is bounded by the budget, exact matches still found", () => {
  const query = Array.from({ length: 50 }, (_, i) => `word${i}x`).join(" ");
  const longName = Array.from({ length: 400 }, (_, i) => `wurd${i}x`).join(" ");
  const items = Array.from({ length: 200 }, (_, i) => ({ id: `i${i}`, name: i === 199 ? query : longName, aliases: [], mentionQuotes: [longName], mentionCount: 0 }));
  const budget = matchBudget(1_000_000);
  const ranked = rankCandidates(query, items, 5, budget);
  expect(ranked[0]).toMatchObject({ id: "i199", match: "exact" });
  expect(budget.steps).toBeLessThanOrEqual(1_000_000);
});
