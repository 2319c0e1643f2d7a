// Every format, one hard document: astral emoji (a flag, a skin-tone modifier), CJK, combining
// marks NFC leaves alone, RTL scripts, CRLF input canonicalised to LF, and spans across one and
// two line breaks. For each format, every exported span must select its quote under that format's
// own offset rule — computed here with Array.from / String.prototype.slice, not with OffsetMap.
import { describe, expect, test } from "vitest";
import { canonicalizeText } from "@/lib/anchoring/canonical-text";
import { createBratWriter } from "@/lib/formats/brat";
import { createConllWriter } from "@/lib/formats/conll";
import { CSV_COLUMNS, createCsvWriter } from "@/lib/formats/csv";
import { createDoccanoWriter } from "@/lib/formats/doccano-jsonl";
import { annotate, batchOf, codePointSlice, exportDocument, label, parseBratAnn, parseCsv } from "@/lib/formats/export-test-support";
import { QUOTE_CONTEXT } from "@/lib/anchoring/offsets";
import { createW3cWriter } from "@/lib/formats/w3c";
import { underscoreSpaces, writeFiles, writeText } from "@/lib/formats/writer";

const raw = "Flag 🇰🇵 and 👍🏽 from 東京大学 today.\r\nq\u0307 and \u0915\u094D\u0937 marks.\r\nשלום עולם, said Ada Lovelace — مرحبا.\r\n\r\nSecond paragraph ends here.";
const text = canonicalizeText(raw);

const place = label("Geo Place", "ENTITY");
const person = label("Person", "ENTITY");
const mark = label("Mark", "ENTITY");
const claim = label("Claim", "CLAIM");
const event = label("Event", "EVENT");

const doc = exportDocument(text, { id: "0190f5c2-6a1b-7c3d-8e4f-0123456789ab", title: "Offsets", language: "en" });
const ada = annotate(doc, "Ada Lovelace", person);
const tokyo = annotate(doc, "東京大学", place);
const annotations = [
  annotate(doc, "🇰🇵", place),
  annotate(doc, "👍🏽 from 東京大学", claim, { attributes: { claimantId: ada.id, stance: "supportive", modality: "factual" }, note: "a note\nacross lines" }),
  tokyo,
  annotate(doc, "today.\nq\u0307", event, { attributes: { participantIds: [ada.id], locationId: tokyo.id, date: "2025" } }),
  annotate(doc, "q\u0307 and \u0915\u094D\u0937", mark),
  annotate(doc, "שלום עולם", person),
  ada,
  annotate(doc, "Lovelace", person),
  annotate(doc, "مرحبا", claim),
  annotate(doc, "مرحبا.\n\nSecond", event),
];
const batch = batchOf(doc, annotations);
const ordered = batch.annotations;
const options = { baseUrl: "https://annotate.example.org", project: { id: "p", name: "P", description: "" } };

describe("exported spans select their quotes in every format", () => {
  test("the fixture is what it claims: canonical, multi-line, astral and combining text", () => {
    expect(text).not.toContain("\r");
    expect(text).toContain("q\u0307"); // NFC has no precomposed q with dot above
    expect(text.length).toBeGreaterThan(Array.from(text).length); // surrogate pairs present
    expect(ordered.filter((a) => a.exact.includes("\n")).map((a) => a.exact)).toEqual(["today.\nq\u0307", "مرحبا.\n\nSecond"]);
    for (const a of ordered) expect(codePointSlice(text, a.start, a.end)).toBe(a.exact);
  });

  test("W3C: TextPositionSelector (code points) selects the TextQuoteSelector's exact, prefix and suffix", () => {
    const items = JSON.parse(writeText(createW3cWriter(options), [batch])).first.items.filter((i: { motivation: string }) => i.motivation === "tagging");
    expect(items).toHaveLength(ordered.length);
    for (const item of items) {
      const [quote, position] = item.target.selector;
      expect(codePointSlice(text, position.start, position.end)).toBe(quote.exact);
      expect(codePointSlice(text, Math.max(0, position.start - QUOTE_CONTEXT), position.start)).toBe(quote.prefix);
      expect(codePointSlice(text, position.end, position.end + QUOTE_CONTEXT)).toBe(quote.suffix);
    }
  });

  test("doccano, code points: Python's text[start:end] is the annotation's quote (plain and rich)", () => {
    const plain = JSON.parse(writeText(createDoccanoWriter(), [batch]));
    expect(plain.label.map(([s, e]: [number, number]) => codePointSlice(plain.text, s, e))).toEqual(ordered.map((a) => a.exact));
    const rich = JSON.parse(writeText(createDoccanoWriter({ variant: "rich" }), [batch]));
    expect(rich.entities.map((e: { start_offset: number; end_offset: number }) => codePointSlice(rich.text, e.start_offset, e.end_offset))).toEqual(ordered.map((a) => a.exact));
    expect(rich.relations).toHaveLength(3);
  });

  test("doccano, UTF-16: JavaScript's text.slice(start, end) is the annotation's quote", () => {
    const plain = JSON.parse(writeText(createDoccanoWriter({ offsets: "utf16" }), [batch]));
    expect(plain.label.map(([s, e]: [number, number]) => plain.text.slice(s, e))).toEqual(ordered.map((a) => a.exact));
    const rich = JSON.parse(writeText(createDoccanoWriter({ variant: "rich", offsets: "utf16" }), [batch]));
    expect(rich.entities.map((e: { start_offset: number; end_offset: number }) => rich.text.slice(e.start_offset, e.end_offset))).toEqual(ordered.map((a) => a.exact));
  });

  test("CSV: start and end (code points) select the quote column", () => {
    const [header, ...rows] = parseCsv(writeText(createCsvWriter({ bom: true }), [batch]));
    const col = (name: (typeof CSV_COLUMNS)[number]) => header.indexOf(name);
    expect(header[0]).toBe("\uFEFFannotation_id");
    expect(rows).toHaveLength(ordered.length);
    for (const row of rows) expect(codePointSlice(text, Number(row[col("start")]), Number(row[col("end")]))).toBe(row[col("quote")]);
  });

  test("brat: every fragment list passes brat's check, and the fragments cover the whole span", () => {
    const files = writeFiles(createBratWriter(), [batch]);
    const txt = files.find((f) => f.name.endsWith(".txt"))!.content;
    expect(txt).toBe(text);
    const parsed = parseBratAnn(txt, files.find((f) => f.name.endsWith(".ann"))!.content);
    expect(parsed.problems).toEqual([]);
    expect(parsed.textBounds).toHaveLength(ordered.length);
    parsed.textBounds.forEach((t, i) => {
      // Fragment texts joined by a space are the quote (checked by the parser); first start to last
      // end is the original span, and only line breaks were left out between fragments.
      const [first, last] = [t.spans[0][0], t.spans.at(-1)![1]];
      expect(codePointSlice(text, first, last)).toBe(ordered[i].exact);
      for (let k = 1; k < t.spans.length; k++) expect(codePointSlice(text, t.spans[k - 1][1], t.spans[k][0])).toMatch(/^\n+$/);
    });
    // The claimant as an R line, the event's participant and location as its E line's arguments.
    expect(parsed.relations.length + parsed.events.reduce((n, e) => n + e.args.length, 0)).toBe(3);
  });

  test("CoNLL: tokens appear in the text in order, and tagged tokens lie inside an entity of that label", () => {
    const writer = createConllWriter();
    const lines = writeText(writer, [batch]).split("\n");
    const chars = Array.from(text);
    let cursor = 0; // code points
    let tagged = 0;
    for (const line of lines) {
      if (!line || line.startsWith("-DOCSTART-")) continue;
      const [token, tag] = line.split("\t");
      const tokenChars = Array.from(token);
      let at = cursor;
      while (at < chars.length && chars.slice(at, at + tokenChars.length).join("") !== token) at++;
      expect(at, `token ${token} after ${cursor}`).toBeLessThan(chars.length);
      cursor = at + tokenChars.length;
      if (tag === "O") continue;
      tagged++;
      const name = tag.slice(2);
      expect(ordered.some((a) => a.label.kind === "ENTITY" && underscoreSpaces(a.label.name) === name && a.start <= at && cursor <= a.end)).toBe(true);
    }
    expect(tagged).toBeGreaterThan(0);
    // "Lovelace" sits inside "Ada Lovelace" and is dropped; the flag has no word token.
    expect(writer.summary()).toMatchObject({ spansDropped: 1, spansWithoutTokens: 1 });
  });
});
