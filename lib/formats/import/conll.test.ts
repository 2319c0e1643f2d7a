import { expect, test } from "vitest";
import { parseConll } from "@/lib/formats/import/conll";

const FILE = ["-DOCSTART- -X- -X- O", "", "Kim\tB-Person", "Jong\tI-Person", "Un\tI-Person", "met\tO", "Putin\tB-Person", "", "金正恩\tB-Person", "visited\tO", "Geo\tI-Geo_Place", "", "-DOCSTART- -X- -X- O", "", "EU NNP B-NP B-ORG", "rejects VBZ B-VP O", "German JJ B-NP B-MISC", "call NN I-NP O", "", ""].join("\n");

test("CoNLL/IOB2: text rebuilt one sentence a line, tokens joined by a space; entities at their tokens; -DOCSTART- splits documents", () => {
  const set = parseConll("train.conll", FILE);
  expect(set.problems).toEqual([]);
  const [first, second] = set.documents;
  expect(first.text).toBe("Kim Jong Un met Putin\n金正恩 visited Geo");
  expect(first.annotations.map((a) => [a.label, a.exact, [...first.text!].slice(a.start!, a.end!).join("")])).toEqual([
    ["Person", "Kim Jong Un", "Kim Jong Un"],
    ["Person", "Putin", "Putin"],
    ["Person", "金正恩", "金正恩"],
    // An I- tag after O or another type begins an entity (IOB1).
    ["Geo_Place", "Geo", "Geo"],
  ]);
  // CoNLL-2003's four columns: the token first, the NER tag last.
  expect(second.text).toBe("EU rejects German call");
  expect(second.annotations.map((a) => [a.label, a.exact])).toEqual([["ORG", "EU"], ["MISC", "German"]]);
});

test("CoNLL: a tag that is not IOB is reported with its line; an empty file says so", () => {
  expect(parseConll("a.conll", "Kim\tPERSON\n").problems).toEqual([{ file: "a.conll", line: 1, message: expect.stringContaining('"PERSON" is not IOB') }]);
  expect(parseConll("b.conll", "\n").problems).toEqual([{ file: "b.conll", message: "the file holds no tokens" }]);
});
