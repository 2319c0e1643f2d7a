// CSV, one row per annotation, for spreadsheets and pandas/R. RFC 4180: fields containing a quote,
// comma, CR or LF are quoted with inner quotes doubled; rows end in CRLF. Offsets (start, end) are
// code points into the document text, end exclusive — Python's text[start:end].
//
// Spreadsheet formula injection (OWASP "CSV injection"): Excel, LibreOffice and Google Sheets run a
// cell that starts with = + - @ (and, after trimming, TAB, CR or LF) as a formula, and a quote or note
// is text our users did not write. Such text cells get a leading apostrophe, which spreadsheets
// read as "this is text" and hide. Only cells holding free text are guarded; start, end and gold are
// written as plain numbers/booleans we generate, so they stay numeric. Turn the guard off
// (`guardFormulas: false`, the export's `guard=false`) for exports meant only for pandas/R, where
// the apostrophe would be data.
//
// `annotator` is the author's display name, `annotator_id` their user id (stable when the name
// changes, and the same id the W3C creator IRI and the native format use); for a gold row the
// curator who made it. Every layer's rows name it, so one file keeps the layers apart.
//
// `bom: true` starts the file with U+FEFF so Excel detects UTF-8 instead of the system code page.
import type { DocumentBatch, ExportAnnotation, ExportDocument } from "@/lib/formats/types";
import type { ExportSummary, TextExportWriter } from "@/lib/formats/writer";
import { runAtOnce, type Steps } from "@/lib/run-in-slices";

export type CsvOptions = { bom?: boolean; guardFormulas?: boolean };

export const CSV_COLUMNS = [
  "annotation_id",
  "document_id",
  "document_title",
  "annotator",
  "annotator_id",
  "kind",
  "label",
  "start",
  "end",
  "quote",
  "attributes",
  "note",
  "review_state",
  "gold",
  "created",
  "canonical",
] as const;

export function createCsvWriter({ bom = false, guardFormulas = true }: CsvOptions = {}): TextExportWriter {
  const summary: ExportSummary = { documents: 0, annotations: 0 };
  const text = (value: string) => csvField(guardFormulas ? guardFormula(value) : value);

  function row(d: ExportDocument, a: ExportAnnotation): string {
    return [
      text(a.id),
      text(d.id),
      text(d.title),
      text(a.authorName),
      text(a.authorId),
      text(a.label.kind),
      text(a.label.name),
      String(a.start),
      String(a.end),
      text(a.exact),
      text(JSON.stringify(a.attributes)),
      text(a.note),
      text(a.reviewState),
      String(a.gold),
      text(a.createdAt),
      text(a.canonical?.name ?? ""),
    ].join(",");
  }

  return {
    kind: "text",
    contentType: "text/csv; charset=utf-8; header=present",
    extension: "csv",
    summary: () => ({ ...summary }),
    header: () => (bom ? "\uFEFF" : "") + CSV_COLUMNS.join(",") + "\r\n",
    footer: () => "",
    batch: (batch: DocumentBatch) => runAtOnce(batchSteps(batch)).join(""),
    batchSteps,
  };

  function* batchSteps({ document, annotations }: DocumentBatch): Steps<string[]> {
    summary.documents++;
    summary.annotations += annotations.length;
    const pieces: string[] = [];
    let out = "";
    for (const [i, a] of annotations.entries()) {
      if (i % 2000 === 1999) {
        pieces.push(out);
        out = "";
        yield;
      }
      out += row(document, a) + "\r\n";
    }
    pieces.push(out);
    return pieces;
  }
}

/** RFC 4180 field: quoted only when it has to be. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Prefixes an apostrophe to text a spreadsheet would evaluate as a formula. */
export function guardFormula(value: string): string {
  return /^[=+\-@\t\r\n]/.test(value) ? `'${value}` : value;
}
