import "server-only";
import { db } from "@/lib/db";
import { authorize, type ProjectAccess } from "@/lib/server/authz";
import { AppError } from "@/lib/server/errors";
import { CsvError, readCsv } from "@/lib/formats/csv-read";
import { DOCUMENT_FIELDS, documentDetailsSchema, type DocumentField } from "@/lib/schemas/document";
import { applyDetailsChanges, diffDetails, type DetailsChange } from "@/lib/server/documents/update-document-details";

export const MAX_CSV_ROWS = 10_000;

// Column names as spreadsheets and other tools write them.
const COLUMNS: Record<string, DocumentField | "id" | "contentHash"> = {
  id: "id", document_id: "id", documentid: "id", document: "id",
  content_hash: "contentHash", contenthash: "contentHash", sha256: "contentHash", hash: "contentHash",
  title: "title", publisher: "publisher", source: "publisher", author: "author", byline: "author",
  published_on: "publishedOn", publishedon: "publishedOn", published: "publishedOn", date: "publishedOn",
  source_url: "sourceUrl", sourceurl: "sourceUrl", url: "sourceUrl",
  language: "language", lang: "language", tags: "tags",
};

export type CsvRowReport = { row: number; documentId: string; title: string; changes: DetailsChange };
export type CsvReport = { dryRun: boolean; rows: number; matched: number; changed: CsvRowReport[]; unchanged: number; problems: string[] };

/**
 * Bulk corrections from a CSV keyed by document id or content hash (the columns the document
 * list exports). An empty cell leaves a value as it is. All or nothing: any problem in any row
 * and nothing is written; the report says which rows and why. A dry run only reports.
 */
export async function updateDetailsFromCsv(access: ProjectAccess, csv: string, { dryRun }: { dryRun: boolean }): Promise<CsvReport> {
  authorize(access, "curate");
  let table: string[][];
  try {
    table = readCsv(csv, { maxRows: MAX_CSV_ROWS + 1 });
  } catch (error) {
    if (error instanceof CsvError) throw new AppError("INVALID_INPUT", `The CSV cannot be read: ${error.message}.`);
    throw error;
  }
  const [header, ...rows] = table;
  if (!header || rows.length === 0) throw new AppError("INVALID_INPUT", "The CSV has no rows: a header row (id or content_hash, then the columns to change) and one row per document.");
  const columns = header.map((name) => COLUMNS[name.trim().toLowerCase().replace(/[\s-]+/g, "_")] ?? COLUMNS[name.trim().toLowerCase().replace(/[\s_-]+/g, "")]);
  const unknown = header.filter((_, i) => !columns[i]);
  if (unknown.length) {
    throw new AppError("INVALID_INPUT", `Unknown column${unknown.length > 1 ? "s" : ""} ${unknown.map((u) => `"${u}"`).join(", ")}: use id or content_hash, and any of ${DOCUMENT_FIELDS.join(", ")}.`);
  }
  const key = columns.includes("id") ? "id" : columns.includes("contentHash") ? "contentHash" : null;
  if (!key) throw new AppError("INVALID_INPUT", "The CSV needs an id or a content_hash column to say which document each row is for.");
  const keyAt = columns.indexOf(key);

  const keys = [...new Set(rows.map((r) => (r[keyAt] ?? "").trim().toLowerCase()).filter(Boolean))];
  const docs = await db.document.findMany({
    where: { projectId: access.projectId, ...(key === "id" ? { id: { in: keys.filter((k) => /^[0-9a-f-]{36}$/.test(k)) } } : { contentHash: { in: keys } }) },
    select: { id: true, contentHash: true, title: true, publisher: true, author: true, publishedOn: true, sourceUrl: true, language: true, tags: true },
  });
  const byKey = new Map(docs.map((d) => [key === "id" ? d.id : d.contentHash, d]));

  const problems: string[] = [];
  const changed: CsvRowReport[] = [];
  const seen = new Map<string, number>();
  let unchanged = 0;
  rows.forEach((cells, index) => {
    const row = index + 2; // the spreadsheet's row number, header first
    const wanted = (cells[keyAt] ?? "").trim().toLowerCase();
    const doc = byKey.get(wanted);
    if (!doc) {
      problems.push(`row ${row}: ${wanted ? `no document in this project has ${key === "id" ? "id" : "content hash"} ${wanted}` : `no ${key === "id" ? "id" : "content_hash"}`}`);
      return;
    }
    if (seen.has(doc.id)) {
      problems.push(`row ${row}: the same document as row ${seen.get(doc.id)}`);
      return;
    }
    seen.set(doc.id, row);
    const input: Record<string, unknown> = {};
    columns.forEach((column, i) => {
      const cell = cells[i] ?? "";
      if (column === "id" || column === "contentHash" || cell.trim() === "") return;
      input[column] = column === "tags" ? cell.split(/[;|]/).map((t) => t.trim()).filter(Boolean) : cell;
    });
    const parsed = documentDetailsSchema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`row ${row}, ${issue.path.join(".") || "value"}: ${issue.message}`);
      return;
    }
    const changes = diffDetails(doc, parsed.data);
    if (Object.keys(changes).length === 0) unchanged++;
    else changed.push({ row, documentId: doc.id, title: doc.title, changes });
  });
  const report: CsvReport = { dryRun, rows: rows.length, matched: seen.size, changed, unchanged, problems };
  if (rows.length > MAX_CSV_ROWS) problems.unshift(`the CSV has more than ${MAX_CSV_ROWS.toLocaleString("en")} rows; split it`);
  if (problems.length) {
    throw new AppError("INVALID_INPUT", `${problems.length} problem${problems.length > 1 ? "s" : ""} in the CSV, so nothing was changed: ${problems.slice(0, 5).join("; ")}${problems.length > 5 ? "; …" : ""}`, { report });
  }
  if (!dryRun && changed.length) await applyDetailsChanges(access, changed);
  return report;
}
