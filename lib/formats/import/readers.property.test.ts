// Property: the import readers take any bytes a client can upload — random, random text, JSON of
// any shape, honest zips, zips with flipped bytes or lying sizes — and either read them or refuse
// them in their own terms (a ZipError, a problem in the report). They never throw anything else,
// which at the HTTP edge would be a 500. Pure functions, so many runs are cheap.
import fc from "fast-check";
import { expect, test } from "vitest";
import { parseUploadedFile } from "@/lib/documents/parse-upload";
import { parseBrat, pairBratFiles, parseBratZip } from "@/lib/formats/import/brat";
import { detectFormat } from "@/lib/formats/import/detect";
import { parseDoccano } from "@/lib/formats/import/doccano";
import { parseW3c } from "@/lib/formats/import/w3c";
import { readZip, ZipError } from "@/lib/formats/import/zip-reader";
import { hostileString, uploadBytes } from "@/lib/testing/hostile-input";
import { buildZip } from "@/lib/testing/zip-builder";

const RUNS = 500;

test("readZip reads or refuses with a ZipError any bytes, and never unpacks past its limits", () => {
  const limits = { maxTotalBytes: 4096, maxEntryBytes: 1024, maxEntries: 3, maxRatio: 100 };
  fc.assert(
    fc.property(uploadBytes(), (bytes) => {
      try {
        const entries = readZip(bytes, limits);
        expect(entries.length).toBeLessThanOrEqual(3);
        expect(entries.reduce((n, e) => n + e.data.length, 0)).toBeLessThanOrEqual(4096);
      } catch (error) {
        if (!(error instanceof ZipError)) throw error;
        expect(error.message.length).toBeGreaterThan(0);
      }
    }),
    { numRuns: RUNS },
  );
});

test("the W3C, doccano and brat readers, format detection and the document reader never throw on any upload", () => {
  const name = fc.oneof(fc.constantFrom("a.json", "a.jsonl", "a.jsonld", "a.txt", "a.md", "a.ann", "a.zip", "noext"), hostileString);
  fc.assert(
    fc.property(name, uploadBytes([{ "@context": "http://www.w3.org/ns/anno.jsonld", type: "Annotation", target: { source: "x", selector: [] } }, { text: "Kim", label: [[0, 3, "Person"]] }]), (fileName, bytes) => {
      detectFormat([{ name: fileName, content: bytes }]);
      parseW3c(fileName, bytes);
      parseDoccano(fileName, bytes);
      parseBrat(pairBratFiles([{ path: "doc.txt", data: "Kim Jong Un" }, { path: "doc.ann", data: bytes }]).pairs);
      parseBrat(pairBratFiles([{ path: "doc.txt", data: bytes }, { path: "doc.ann", data: "T1\tPerson 0 3\tKim\n" }]).pairs);
      parseUploadedFile(fileName, bytes);
      try {
        parseBratZip(bytes);
      } catch (error) {
        if (!(error instanceof ZipError)) throw error;
      }
    }),
    { numRuns: RUNS },
  );
});

test("a brat zip with hostile .ann lines is read line by line into problems, never thrown", () => {
  const line = fc.oneof(
    hostileString,
    fc.tuple(fc.constantFrom("T1", "T2", "R1", "E1", "A1", "#1", "N1", "*", "X"), hostileString, fc.integer({ min: -5, max: 50 }), fc.integer({ min: -5, max: 50 }), hostileString).map(([id, label, s, e, text]) => `${id}\t${label} ${s} ${e}\t${text}`),
  );
  fc.assert(
    fc.property(fc.array(line, { maxLength: 8 }), hostileString, (lines, text) => {
      // Stored, not deflated: a long run of one character would (rightly) trip the ratio check.
      const zip = buildZip([{ name: "c/doc.txt", data: `Kim Jong Un met Putin. ${text}`, method: 0 }, { name: "c/doc.ann", data: lines.join("\n"), method: 0 }]);
      const set = parseBratZip(zip);
      expect(set.format).toBe("brat");
    }),
    { numRuns: RUNS / 5 },
  );
});
