import { expect, test } from "vitest";
import { detectFormat } from "@/lib/formats/import/detect";

const json = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8");

test("our own export is recognised by its top-level format marker", () => {
  expect(detectFormat([{ name: "export.json", content: json({ format: "annotation-workbench", version: 1, documents: [] }) }])).toEqual({ format: "native" });
  // The marker must be at the top level.
  expect(detectFormat([{ name: "x.json", content: json({ meta: { format: "annotation-workbench" } }) }]).format).toBeNull();
});

test("W3C Web Annotation by its context or its types, in any container, and Hypothesis's export", () => {
  const cases: unknown[] = [
    { "@context": "http://www.w3.org/ns/anno.jsonld", type: "Annotation" },
    { "@context": ["http://www.w3.org/ns/anno.jsonld", { wb: "https://x/ns#" }], type: "AnnotationCollection", first: { items: [] } },
    { type: "AnnotationPage", items: [] },
    [{ type: "Annotation", target: "https://x" }],
    { "@type": "Annotation" },
    { annotations: [{ id: "h1", target: [{ source: "https://x" }] }] },
  ];
  for (const value of cases) expect(detectFormat([{ name: "a.jsonld", content: json(value) }]), JSON.stringify(value)).toEqual({ format: "w3c" });
  // With a BOM and as a string.
  expect(detectFormat([{ name: "a.json", content: '\uFEFF{"type": "Annotation"}' }])).toEqual({ format: "w3c" });
});

test("doccano by the .jsonl extension, or by its records' shape in other JSON", () => {
  expect(detectFormat([{ name: "all.jsonl" }])).toEqual({ format: "doccano" });
  expect(detectFormat([{ name: "all.json", content: json([{ text: "a", label: [[0, 1, "X"]] }]) }])).toEqual({ format: "doccano" });
  expect(detectFormat([{ name: "all.json", content: '{"text": "a", "entities": []}\n{"text": "b", "entities": []}\n' }])).toEqual({ format: "doccano" });
});

test("brat by .ann files (with their .txt and .conf) or a .zip", () => {
  expect(detectFormat([{ name: "a.txt" }, { name: "a.ann" }, { name: "annotation.conf" }])).toEqual({ format: "brat" });
  expect(detectFormat([{ name: "corpus.ZIP" }])).toEqual({ format: "brat" });
  expect(detectFormat([{ name: "corpus.zip" }, { name: "x.jsonl" }])).toEqual({ format: null, error: "upload a .zip on its own, not together with other files" });
  expect(detectFormat([{ name: "a.ann" }, { name: "notes.docx" }])).toMatchObject({ format: null, error: expect.stringMatching(/notes\.docx do not belong/) });
});

test("anything else gets an error that says what would work", () => {
  expect(detectFormat([])).toEqual({ format: null, error: "no files were uploaded" });
  expect(detectFormat([{ name: "a.txt" }, { name: "b.txt" }])).toMatchObject({ format: null, error: expect.stringMatching(/plain \.txt files hold no annotations/) });
  expect(detectFormat([{ name: "data.json", content: json({ hello: "world" }) }])).toMatchObject({ format: null, error: expect.stringMatching(/is JSON but not a format we read; the supported formats are .*W3C.*doccano.*brat/) });
  expect(detectFormat([{ name: "data.csv", content: "a,b\n1,2\n" }])).toMatchObject({ format: null, error: expect.stringMatching(/data\.csv is not JSON/) });
  expect(detectFormat([{ name: "data.json", content: "{ broken" }])).toMatchObject({ format: null, error: expect.stringMatching(/data\.json is not valid JSON/) });
  expect(detectFormat([{ name: "data.json" }])).toMatchObject({ format: null, error: expect.stringMatching(/without reading it/) });
  expect(detectFormat([{ name: "bin.json", content: new Uint8Array([0xc3, 0x28]) }])).toMatchObject({ format: null, error: expect.stringMatching(/not valid UTF-8/) });
  expect(detectFormat([{ name: "w.json", content: json({ type: "Annotation" }) }, { name: "d.jsonl" }])).toEqual({
    format: null,
    error: "the files are in different formats (w.json: W3C Web Annotation; d.jsonl: doccano); import each format separately",
  });
});
