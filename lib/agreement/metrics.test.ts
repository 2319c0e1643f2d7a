import fc from "fast-check";
import { expect, test } from "vitest";
import { cohensKappa, fleissKappa, fleissTable, krippendorffAlphaNominal, spanScores, type LabeledSpan } from "@/lib/agreement/metrics";
import { tokenLabels, wordTokens } from "@/lib/agreement/tokens";

const rep = <T,>(value: T, n: number): T[] => Array.from({ length: n }, () => value);

test("Cohen's kappa: the textbook 2×2 example (20/5/10/15 of 50 items) is 0.4", () => {
  // Rater A said yes 25 times, B 30 times; they agree on 20 yes and 15 no: p_o = 0.7, p_e = 0.5.
  const a = [...rep("yes", 20), ...rep("yes", 5), ...rep("no", 10), ...rep("no", 15)];
  const b = [...rep("yes", 20), ...rep("no", 5), ...rep("yes", 10), ...rep("no", 15)];
  expect(cohensKappa(a, b)).toBeCloseTo(0.4, 10);
  expect(cohensKappa(a, a)).toBe(1);
  // Items a rater left out do not count.
  expect(cohensKappa([...a, "yes"], [...b, null])).toBeCloseTo(0.4, 10);
});

test("Fleiss' kappa: the 10 subjects × 14 raters × 5 categories example is 0.210", () => {
  const table = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
  ];
  expect(fleissKappa(table)).toBeCloseTo(0.21, 3);
  expect(() => fleissKappa([[1, 1], [2, 1]])).toThrow(/same number/);
});

test("Fleiss' kappa over two raters' ratings matches Scott's pi on the same data", () => {
  const a = ["x", "x", "y", "y", "x"];
  const b = ["x", "y", "y", "y", "x"];
  // Scott's pi: p_o = 0.8; pooled p(x) = 0.5 → p_e = 0.5 → 0.6.
  expect(fleissKappa(fleissTable([a, b]))).toBeCloseTo(0.6, 10);
});

test("Krippendorff's alpha (nominal): his binary two-observer example is 0.095", () => {
  const a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0];
  const b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0];
  expect(krippendorffAlphaNominal([a, b])).toBeCloseTo(0.095, 3);
});

test("Krippendorff's alpha (nominal): his four observers with missing values example is 0.743", () => {
  const _ = null;
  const ratings = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
    [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
  ];
  expect(krippendorffAlphaNominal(ratings)).toBeCloseTo(0.743, 3);
});

test("span precision/recall/F1: exact and overlap matching, each reference span used once", () => {
  const reference = [
    { start: 0, end: 11, label: "PERSON" },
    { start: 16, end: 30, label: "PERSON" },
    { start: 34, end: 45, label: "LOCATION" },
  ];
  const predicted = [
    { start: 0, end: 11, label: "PERSON" },
    { start: 16, end: 24, label: "PERSON" },
    { start: 18, end: 30, label: "PERSON" },
    { start: 34, end: 45, label: "ORGANIZATION" },
  ];
  const exact = spanScores(reference, predicted, "exact");
  expect(exact).toMatchObject({ truePositives: 1, precision: 0.25, recall: 1 / 3 });
  expect(exact.f1).toBeCloseTo((2 * 0.25 * (1 / 3)) / (0.25 + 1 / 3), 10);
  const overlap = spanScores(reference, predicted, "overlap");
  expect(overlap).toMatchObject({ truePositives: 2, precision: 0.5, recall: 2 / 3 });
});

test("tokens come from Intl.Segmenter words, with code-point offsets, and carry the covering label", () => {
  const text = "Kim 🤝 Putin met in 金正恩 Vladivostok.";
  const tokens = wordTokens(text);
  expect(tokens.map((t) => t.text)).toContain("Vladivostok");
  const vlad = tokens.find((t) => t.text === "Vladivostok")!;
  expect([...text].slice(vlad.start, vlad.end).join("")).toBe("Vladivostok");
  const labels = tokenLabels(tokens, [
    { start: 0, end: 11, label: "MEETING" },
    { start: 6, end: 11, label: "PERSON" },
  ]);
  expect(labels.slice(0, 3)).toEqual(["MEETING", "PERSON", "O"]);
});

test("span scores match each reference span at most once, the first unused one by start, in both modes (any spans)", () => {
  const naive = (unsorted: LabeledSpan[], predicted: LabeledSpan[], mode: "exact" | "overlap") => {
    const reference = [...unsorted].sort((a, b) => a.start - b.start || a.end - b.end);
    const used = new Set<number>();
    let tp = 0;
    for (const p of predicted) {
      const match = reference.findIndex((r, i) => !used.has(i) && r.label === p.label && (mode === "exact" ? r.start === p.start && r.end === p.end : r.start < p.end && p.start < r.end));
      if (match >= 0) {
        used.add(match);
        tp++;
      }
    }
    return tp;
  };
  const span = fc.record({ start: fc.integer({ min: 0, max: 30 }), length: fc.integer({ min: 1, max: 8 }), label: fc.constantFrom("A", "B") }).map((s) => ({ start: s.start, end: s.start + s.length, label: s.label }));
  fc.assert(
    fc.property(fc.array(span, { maxLength: 25 }), fc.array(span, { maxLength: 25 }), (reference, predicted) => {
      for (const mode of ["exact", "overlap"] as const) expect(spanScores(reference, predicted, mode).truePositives).toBe(naive(reference, predicted, mode));
    }),
    { numRuns: 300 },
  );
});

test("overlap F1 of two annotators' 20,000 same-label spans that all overlap takes O(n log n) steps, not n²", () => {
  // The adversarial case for pairwise comparison: every span overlaps every other one.
  const n = 20_000;
  const reference = Array.from({ length: n }, (_, i) => ({ start: i, end: i + n, label: "A" }));
  const predicted = Array.from({ length: n }, (_, i) => ({ start: n - i, end: 2 * n - i, label: "A" }));
  const work = { steps: 0 };
  expect(spanScores(reference, predicted, "overlap", work).truePositives).toBe(n);
  expect(work.steps).toBeGreaterThan(n);
  expect(work.steps).toBeLessThan(100 * n); // n² would be 400,000,000; n·log₂n·c is a few million
  // And where nothing overlaps (each predicted span after every reference span), no match is found the same way.
  const after = { steps: 0 };
  expect(spanScores(reference, reference.map((r) => ({ ...r, start: r.start + 3 * n, end: r.end + 3 * n })), "overlap", after).truePositives).toBe(0);
  expect(after.steps).toBeLessThan(100 * n);
});
