// Summing documents' statistics gives the figures of the direct computation over all documents
// at once (corpusAgreement) and of each document (documentAgreement), for random projects.
import { expect, test } from "vitest";
import fc from "fast-check";
import { AgreementSums, documentFigures, documentStats, figuresFromSums } from "@/lib/agreement/agreement-stats";
import { corpusAgreement, documentAgreement, type AgreementInput, type Figures } from "@/lib/agreement/document-agreement";
import { wordTokens } from "@/lib/agreement/tokens";
import { expectCloseFigures } from "@/lib/testing/expect-figures";
import type { LabeledSpan } from "@/lib/agreement/metrics";

const WORDS = ["Kim", "met", "Putin", "in", "Vladivostok", "said", "ties", "grow", "—", "..."];
const ANNOTATORS = ["amina", "bruno", "chen", "dara"];
// "O" is also what a token outside every span is labelled: a label of that name must merge with it.
const LABELS = ["Who", "Where", "O"];

const project = fc
  .array(
    fc.record({
      // Some texts have no words at all ("— ..."): no tokens, yet participants and spans.
      words: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 14 }),
      spans: fc.array(fc.record({ who: fc.constantFrom(...ANNOTATORS), from: fc.nat(60), length: fc.integer({ min: 1, max: 25 }), label: fc.constantFrom(...LABELS) }), { maxLength: 12 }),
      finished: fc.subarray(ANNOTATORS),
    }),
    { minLength: 1, maxLength: 6 },
  )
  .map((docs): AgreementInput => {
    const spans = new Map<string, Map<string, LabeledSpan[]>>();
    const finished = new Map<string, Set<string>>();
    const documents = docs.map((d, i) => {
      const text = d.words.join(" ");
      const id = `d${i}`;
      for (const s of d.spans) {
        const start = Math.min(s.from, text.length - 1);
        const end = Math.min(text.length, start + s.length);
        if (!spans.has(s.who)) spans.set(s.who, new Map());
        const byDoc = spans.get(s.who)!;
        byDoc.set(id, [...(byDoc.get(id) ?? []), { start, end, label: s.label }]);
      }
      finished.set(id, new Set(d.finished));
      return { id, text };
    });
    return { documents, spans, finished };
  });

function statsOf(input: AgreementInput, documentId: string) {
  const doc = input.documents.find((d) => d.id === documentId)!;
  const spans = new Map([...input.spans].map(([a, byDoc]) => [a, byDoc.get(documentId) ?? []]));
  return documentStats(wordTokens(doc.text), spans, input.finished?.get(documentId) ?? []);
}

// The two ways add the same terms in other orders: equal up to floating-point rounding
// (what toBeCloseTo(y, 9) allowed).
const expectSameFigures = (actual: Figures, expected: Figures) => expectCloseFigures(actual, expected, 5e-10);

test("the sum of the documents' statistics gives the corpus figures, in any order of documents", () => {
  fc.assert(
    fc.property(project, fc.boolean(), (input, reverse) => {
      const sums = new AgreementSums();
      const order = reverse ? [...input.documents].reverse() : input.documents;
      for (const d of order) sums.add(statsOf(input, d.id));
      expectSameFigures(figuresFromSums(sums, { precise: true }), corpusAgreement(input, { precise: true }));
      // Rounded as stored: the same three decimals (the direct computation rounds the same way).
      const rounded = figuresFromSums(sums);
      const direct = corpusAgreement(input);
      expect(rounded.annotators).toEqual(direct.annotators);
      expect(Math.abs((rounded.krippendorffAlpha ?? 0) - (direct.krippendorffAlpha ?? 0))).toBeLessThanOrEqual(0.0011);
    }),
    { numRuns: 300 },
  );
});

test("one document's statistics give its own figures and regions of disagreement", () => {
  fc.assert(
    fc.property(project, (input) => {
      for (const d of input.documents) {
        const stats = statsOf(input, d.id);
        const direct = documentAgreement(input, d.id, { precise: true });
        const sums = new AgreementSums().add(stats);
        expectSameFigures(figuresFromSums(sums, { annotators: stats.participants, precise: true }), direct.figures);
        expect(documentFigures(stats).annotators).toEqual(direct.figures.annotators);
        expect(stats.disagreementRegions).toBe(direct.disagreements.length);
      }
    }),
    { numRuns: 300 },
  );
});

test("statistics survive being stored as JSON", () => {
  const input = fc.sample(project, { numRuns: 1, seed: 14 })[0];
  const sums = new AgreementSums();
  for (const d of input.documents) sums.add(JSON.parse(JSON.stringify(statsOf(input, d.id))));
  expectSameFigures(figuresFromSums(sums, { precise: true }), corpusAgreement(input, { precise: true }));
});
