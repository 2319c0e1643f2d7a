// Token labels for agreement: the same answer as asking every span for every token (the rule:
// shortest covering span, then earliest), for any spans; and work that grows with tokens + spans,
// not their product.
import fc from "fast-check";
import { expect, test } from "vitest";
import type { LabeledSpan } from "@/lib/agreement/metrics";
import { tokenLabels, tokenLabelWork, type Token } from "@/lib/agreement/tokens";

/** The rule as written down, one span search per token. */
function reference(tokens: Token[], spans: LabeledSpan[]): string[] {
  const ordered = [...spans].sort((a, b) => a.end - a.start - (b.end - b.start) || a.start - b.start);
  return tokens.map((t) => ordered.find((s) => s.start < t.end && t.start < s.end)?.label ?? "O");
}

const tokensOf = (gaps: number[], lengths: number[]): Token[] => {
  const tokens: Token[] = [];
  let at = 0;
  for (let i = 0; i < lengths.length; i++) {
    at += gaps[i] ?? 1;
    tokens.push({ start: at, end: at + lengths[i], text: "w" });
    at += lengths[i];
  }
  return tokens;
};

test("the same labels as the one-by-one rule, for any tokens and overlapping, nested or repeated spans", () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 40 }),
      fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 40 }),
      fc.array(fc.record({ start: fc.integer({ min: 0, max: 200 }), length: fc.integer({ min: 1, max: 60 }), label: fc.constantFrom("A", "B", "C") }), { maxLength: 30 }),
      (gaps, lengths, raw) => {
        const tokens = tokensOf(gaps, lengths);
        const spans = raw.map((s) => ({ start: s.start, end: s.start + s.length, label: s.label }));
        expect(tokenLabels(tokens, spans)).toEqual(reference(tokens, spans));
      },
    ),
    { numRuns: 500 },
  );
});

test("30,000 tokens and 5,000 spans: steps grow with tokens + spans (four times the input, about four times the steps)", () => {
  const run = (scale: number) => {
    const tokens = tokensOf([], Array.from({ length: 7_500 * scale }, (_, i) => 1 + (i % 7)));
    const spans = Array.from({ length: 1_250 * scale }, (_, i) => {
      const t = tokens[(i * 6) % tokens.length];
      return { start: t.start, end: tokens[Math.min(tokens.length - 1, ((i * 6) % tokens.length) + (i % 9))].end, label: i % 3 ? "PERSON" : "MEETING" };
    });
    tokenLabelWork.steps = 0;
    tokenLabels(tokens, spans);
    return tokenLabelWork.steps;
  };
  const small = run(1);
  const large = run(4);
  expect(large).toBeLessThan(5 * small);
  // The product would be 30,000 × 5,000 = 150,000,000.
  expect(large).toBeLessThan(2_000_000);
});
