import { expect, test } from "vitest";
import { corpusAgreement, documentAgreement, type AgreementInput } from "@/lib/agreement/document-agreement";
import { cohensKappa } from "@/lib/agreement/metrics";

const TEXT = "Kim Jong Un met Vladimir Putin in Vladivostok on Thursday.";
const at = (needle: string) => ({ start: TEXT.indexOf(needle), end: TEXT.indexOf(needle) + needle.length });

function input(spans: Record<string, { needle: string; label: string }[]>): AgreementInput {
  return {
    documents: [{ id: "d1", text: TEXT }],
    spans: new Map(Object.entries(spans).map(([a, list]) => [a, new Map([["d1", list.map(({ needle, label }) => ({ ...at(needle), label }))]])])),
  };
}

test("identical annotations agree perfectly on every measure", () => {
  const same = [{ needle: "Kim Jong Un", label: "PERSON" }, { needle: "Vladivostok", label: "LOCATION" }];
  const { figures, disagreements } = documentAgreement(input({ amina: same, bruno: same }), "d1");
  expect(figures).toMatchObject({ fleissKappa: 1, krippendorffAlpha: 1, perLabel: { PERSON: 1, LOCATION: 1 } });
  expect(figures.pairs).toEqual([{ a: "amina", b: "bruno", kappa: 1, exactF1: 1, overlapF1: 1 }]);
  expect(disagreements).toEqual([]);
});

test("token-level kappa equals Cohen's kappa over the word labels; disagreements point at the text", () => {
  const data = input({
    amina: [{ needle: "Kim Jong Un", label: "PERSON" }, { needle: "Vladivostok", label: "LOCATION" }],
    bruno: [{ needle: "Kim Jong", label: "PERSON" }, { needle: "Vladivostok", label: "ORGANIZATION" }, { needle: "Thursday", label: "DATE" }],
  });
  const { figures, disagreements } = documentAgreement(data, "d1");
  // Words: Kim Jong Un met Vladimir Putin in Vladivostok on Thursday
  const a = ["PERSON", "PERSON", "PERSON", "O", "O", "O", "O", "LOCATION", "O", "O"];
  const b = ["PERSON", "PERSON", "O", "O", "O", "O", "O", "ORGANIZATION", "O", "DATE"];
  expect(figures.pairs[0].kappa).toBeCloseTo(cohensKappa(a, b), 3);
  expect(figures.pairs[0].exactF1).toBe(0);
  expect(figures.pairs[0].overlapF1).toBeCloseTo(0.4, 3);
  expect(disagreements.map((r) => TEXT.slice(r.start, r.end))).toEqual(["Un", "Vladivostok", "Thursday"]);
  expect(disagreements.every((r) => r.agreement === 0)).toBe(true);
});

test("across documents, an annotator who skipped a document counts as missing there, not as disagreeing", () => {
  const data: AgreementInput = {
    documents: [{ id: "d1", text: TEXT }, { id: "d2", text: "Putin visited Pyongyang." }],
    spans: new Map([
      ["amina", new Map([["d1", [{ ...at("Kim Jong Un"), label: "PERSON" }]], ["d2", [{ start: 0, end: 5, label: "PERSON" }]]])],
      ["bruno", new Map([["d1", [{ ...at("Kim Jong Un"), label: "PERSON" }]]])],
    ]),
  };
  const figures = corpusAgreement(data);
  expect(figures.krippendorffAlpha).toBe(1);
  expect(figures.pairs[0]).toMatchObject({ kappa: 1, exactF1: 1 });
});

test("an annotator who finished a document without tagging anything counts as saying \"nothing here\"", () => {
  const data: AgreementInput = {
    documents: [{ id: "d1", text: TEXT }, { id: "d2", text: "Putin visited Pyongyang." }],
    spans: new Map([
      ["amina", new Map([["d1", [{ ...at("Kim Jong Un"), label: "PERSON" }]], ["d2", [{ start: 0, end: 5, label: "PERSON" }]]])],
      ["bruno", new Map([["d1", [{ ...at("Kim Jong Un"), label: "PERSON" }]]])],
    ]),
    finished: new Map([["d2", new Set(["bruno"])]]),
  };
  // d2: amina tags "Putin", bruno finished with nothing: they disagree on one of three words.
  const d2 = documentAgreement(data, "d2").figures;
  expect(d2.annotators).toEqual(["amina", "bruno"]);
  expect(d2.pairs[0].kappa).toBeCloseTo(cohensKappa(["PERSON", "O", "O"], ["O", "O", "O"]), 3);
  const overall = corpusAgreement(data);
  expect(overall.krippendorffAlpha).toBeLessThan(1);
  // Someone who only finished documents (no spans anywhere) still takes part.
  const onlyFinished = corpusAgreement({ ...data, finished: new Map([["d1", new Set(["chen"])]]) });
  expect(onlyFinished.annotators).toEqual(["amina", "bruno", "chen"]);
});
