import { expect } from "vitest";
import type { Figures } from "@/lib/agreement/document-agreement";

/**
 * Two computations of the same agreement figures: the same annotators, tokens, labels and pairs,
 * and every number within `tolerance` (they add the same terms in other orders, or round apart).
 */
export function expectCloseFigures(actual: Figures, expected: Figures, tolerance: number) {
  const close = (x: number | null, y: number | null) => (x === null || y === null ? expect(x).toBe(y) : expect(Math.abs(x - y)).toBeLessThanOrEqual(tolerance));
  expect(actual.annotators).toEqual(expected.annotators);
  expect(actual.tokens).toBe(expected.tokens);
  close(actual.fleissKappa, expected.fleissKappa);
  close(actual.krippendorffAlpha, expected.krippendorffAlpha);
  expect(Object.keys(actual.perLabel)).toEqual(Object.keys(expected.perLabel));
  for (const label of Object.keys(expected.perLabel)) close(actual.perLabel[label], expected.perLabel[label]);
  expect(actual.pairs.map((p) => [p.a, p.b])).toEqual(expected.pairs.map((p) => [p.a, p.b]));
  actual.pairs.forEach((p, i) => {
    close(p.kappa, expected.pairs[i].kappa);
    close(p.exactF1, expected.pairs[i].exactF1);
    close(p.overlapF1, expected.pairs[i].overlapF1);
  });
}
