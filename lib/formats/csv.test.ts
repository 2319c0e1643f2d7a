import { describe, expect, test } from "vitest";
import { CSV_COLUMNS, createCsvWriter, csvField, guardFormula } from "@/lib/formats/csv";
import { annotate, batchOf, exportDocument, label, parseCsv } from "@/lib/formats/export-test-support";
import { writeText } from "@/lib/formats/writer";

const claim = label("Claim, strong", "CLAIM");

function fixture() {
  const doc = exportDocument('He said "=1+1" ends\nthe matter. -5 degrees.', { id: "doc-1", title: "Title, with comma" });
  const quoted = annotate(doc, '"=1+1" ends\nthe matter', claim, { note: "=HYPERLINK(\"http://evil\")", attributes: { stance: "critical" }, gold: true });
  const minus = annotate(doc, "-5 degrees", claim, { authorName: "@admin", reviewState: "ACCEPTED" });
  return { doc, quoted, minus, batch: batchOf(doc, [quoted, minus]) };
}

describe("CSV export", () => {
  test("RFC 4180: header, quoting of quote/comma/newline fields, CRLF row ends", () => {
    const { batch, quoted } = fixture();
    const out = writeText(createCsvWriter(), [batch]);
    const rows = parseCsv(out);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(3);
    const row = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, rows[1][i]]));
    expect(row).toEqual({
      annotation_id: quoted.id,
      document_id: "doc-1",
      document_title: "Title, with comma",
      annotator: "Ada Annotator",
      annotator_id: quoted.authorId,
      kind: "CLAIM",
      label: "Claim, strong",
      start: "8",
      end: "30",
      quote: '"=1+1" ends\nthe matter',
      attributes: '{"stance":"critical"}',
      note: `'=HYPERLINK("http://evil")`,
      review_state: "PENDING",
      gold: "true",
      created: "2025-01-02T03:04:05.000Z",
      canonical: "",
    });
    // Every row ends in CRLF, the LF inside the quote stays inside its quoted field.
    expect(out.endsWith("\r\n")).toBe(true);
    expect(out.split("\r\n")).toHaveLength(4);
  });

  test("formula injection: text cells starting with = + - @ TAB CR get an apostrophe, numbers stay numeric", () => {
    const { batch } = fixture();
    const rows = parseCsv(writeText(createCsvWriter(), [batch]));
    const [, , , annotator, , , , start, end, quote] = rows[2];
    expect(annotator).toBe("'@admin");
    expect(quote).toBe("'-5 degrees");
    expect([start, end]).toEqual(["32", "42"]);
    expect(["=a", "+a", "-a", "@a", "\ta", "\ra", "a=b", " =a"].map(guardFormula)).toEqual(["'=a", "'+a", "'-a", "'@a", "'\ta", "'\ra", "a=b", " =a"]);
    // Spreadsheets trim a leading line feed or tab before reading a formula.
    expect(["\n=cmd|' /C calc'!A0", "\t+1", "\n\t@SUM(A1)"].map(guardFormula)).toEqual(["'\n=cmd|' /C calc'!A0", "'\t+1", "'\n\t@SUM(A1)"]);
  });

  test("guardFormulas: false leaves the text as it is, for pandas/R", () => {
    const { batch } = fixture();
    const rows = parseCsv(writeText(createCsvWriter({ guardFormulas: false }), [batch]));
    expect(rows[2][CSV_COLUMNS.indexOf("quote")]).toBe("-5 degrees");
  });

  test("bom: true starts the file with U+FEFF, once", () => {
    const { batch } = fixture();
    const out = writeText(createCsvWriter({ bom: true }), [batch, batch]);
    expect(out.startsWith("\uFEFFannotation_id,")).toBe(true);
    expect(out.match(/\uFEFF/g)).toHaveLength(1);
    expect(writeText(createCsvWriter(), [batch]).startsWith("annotation_id,")).toBe(true);
  });

  test("fields are quoted only when needed", () => {
    expect(["plain", "a,b", 'say "hi"', "two\nlines", "cr\r", ""].map(csvField)).toEqual(["plain", '"a,b"', '"say ""hi"""', '"two\nlines"', '"cr\r"', ""]);
  });
});
