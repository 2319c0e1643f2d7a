// What our export writers produce, our import readers read back: every span lands on the same
// code points of the same text, with its label — no re-anchoring needed.
import { expect, test } from "vitest";
import { anchor } from "@/lib/anchoring/reanchor";
import { createBratWriter } from "@/lib/formats/brat";
import { createDoccanoWriter } from "@/lib/formats/doccano-jsonl";
import { annotate, batchOf, exportDocument, label } from "@/lib/formats/export-test-support";
import { parseBratZip } from "@/lib/formats/import/brat";
import { parseDoccano } from "@/lib/formats/import/doccano";
import type { ParsedAnnotationSet } from "@/lib/formats/import/types";
import { parseW3c } from "@/lib/formats/import/w3c";
import { createW3cWriter } from "@/lib/formats/w3c";
import { writeFiles, writeText } from "@/lib/formats/writer";
import { zipStream } from "@/lib/formats/zip-writer";

const TEXT = [
  "Summit 🤝 in 2019: Kim Jong Un met Putin in Vladivostok.",
  "金正恩与普京在符拉迪沃斯托克会晤。Putin said the talks were \u201cgood\u201d 👩🏽‍🔬.",
  "",
  "Café owners (José Martí) and q\u0307 signs; Putin left.",
].join("\n");

const doc = exportDocument(TEXT);
const person = label("Person", "ENTITY");
const place = label("Place", "ENTITY");
const claim = label("Claim", "CLAIM");
const kim = annotate(doc, "Kim Jong Un", person, { note: "DPRK leader" });
const putin = annotate(doc, "Putin", person, { occurrence: 1 });
const putin3 = annotate(doc, "Putin", person, { occurrence: 2, reviewState: "ACCEPTED" });
const vlad = annotate(doc, "Vladivostok", place);
const cjk = annotate(doc, "金正恩与普京", person);
const said = annotate(doc, "Putin said the talks were \u201cgood\u201d 👩🏽‍🔬.\n\nCafé", claim, { attributes: { claimantId: putin.id, stance: "supportive" } });
const jose = annotate(doc, "José Martí", person);
const q = annotate(doc, "q\u0307 signs", place);
const all = [kim, putin, putin3, vlad, cjk, said, jose, q];
const batch = batchOf(doc, all);
const expected = [...batch.annotations].map((a) => [a.start, a.end, a.label.name]);

/** Every parsed span, anchored on the document's text: all must be accepted as they are. */
function anchored(set: ParsedAnnotationSet) {
  expect(set.documents).toHaveLength(1);
  const [parsed] = set.documents;
  return parsed.annotations.map((a) => {
    const result = anchor(TEXT, a, a.offsetUnit);
    expect(result, `${a.key} ${JSON.stringify(a.exact)}`).toMatchObject({ status: "accepted" });
    return result.status === "accepted" ? [result.start, result.end, a.label] : [];
  });
}

test("W3C export → import keeps spans, labels, notes, attributes, review state, authors and relations", () => {
  const jsonld = writeText(createW3cWriter({ baseUrl: "https://annotate.example.org", project: { id: "p1", name: "P", description: "" } }), [batch]);
  const set = parseW3c("export.jsonld", jsonld);
  expect(set.problems).toEqual([]);
  expect(anchored(set)).toEqual(expected);
  const [parsed] = set.documents;
  expect(parsed.documentId).toBe(doc.id);
  const byId = new Map(parsed.annotations.map((a) => [a.key.slice(a.key.lastIndexOf("/") + 1), a]));
  expect(byId.get(kim.id)).toMatchObject({ note: "DPRK leader", creatorName: "Ada Annotator", reviewState: "PENDING" });
  expect(byId.get(putin3.id)?.reviewState).toBe("ACCEPTED");
  expect(byId.get(said.id)?.attributes).toEqual({ claimantId: putin.id, stance: "supportive" });
  expect(parsed.relations).toEqual([{ fromKey: `https://annotate.example.org/api/annotations/${said.id}`, toKey: `https://annotate.example.org/api/annotations/${putin.id}`, type: "claimant" }]);
});

test.each([
  ["plain", "codepoint"],
  ["rich", "codepoint"],
  ["plain", "utf16"],
  ["rich", "utf16"],
] as const)("doccano %s export with %s offsets → import keeps spans and labels", (variant, offsets) => {
  const jsonl = writeText(createDoccanoWriter({ variant, offsets }), [batch]);
  const set = parseDoccano("export.jsonl", jsonl, { offsetUnit: offsets });
  expect(set.problems).toEqual([]);
  expect(anchored(set)).toEqual(expected);
  expect(set.documents[0]).toMatchObject({ documentId: doc.id, title: doc.title });
  if (variant === "rich") expect(set.documents[0].relations).toHaveLength(1);
});

test("brat zip export → import keeps spans (multi-line ones too), labels and relations", async () => {
  const files = writeFiles(createBratWriter(), [batch]);
  const chunks: Uint8Array[] = [];
  for await (const chunk of zipStream(files.map((f) => ({ name: f.name, content: f.content })), { modified: new Date("2025-01-01T00:00:00Z") })) chunks.push(chunk);
  const set = parseBratZip(Buffer.concat(chunks));
  expect(set.problems).toEqual([]);
  expect(anchored(set)).toEqual(expected);
  const [parsed] = set.documents;
  expect(parsed.relations).toHaveLength(1);
  expect(parsed.relations![0].type).toBe("claimant");
  const byExact = new Map(parsed.annotations.map((a) => [a.exact, a]));
  expect(byExact.get("Kim Jong Un")).toMatchObject({ note: "DPRK leader", creatorName: "Ada Annotator", reviewState: "PENDING" });
  expect(byExact.get("Putin")?.note).toBeUndefined();
});
