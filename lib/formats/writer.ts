// The contract every export writer keeps, so the server streams any format the same way: header()
// once, batch() once per document as keyset-paginated reads deliver them, footer() once. Between
// calls a writer holds only counters and small tables (per label; brat also the file names it has
// used), never earlier documents or annotations, so memory stays bounded by the largest document.
// Writers are pure: no I/O, no clock, no database.
import { runInSlices, type Steps } from "@/lib/run-in-slices";
import { relationsOf, type DocumentBatch, type ExportAnnotation, type ExportRelation } from "@/lib/formats/types";

/** One file of a multi-file export (brat); the server zips them (lib/formats/zip-writer.ts). */
export type ExportFile = { name: string; content: string };

/**
 * Counters every writer keeps. Formats extend it with what they had to leave out or change, so the
 * export screen can tell the user ("3 overlapping entities dropped") instead of failing silently.
 */
export type ExportSummary = { documents: number; annotations: number };

type ExportWriterBase<S extends ExportSummary> = {
  /** MIME type of the download: the text itself, or for a files writer the archive carrying them. */
  contentType: string;
  /** File name extension of the download, without the dot. */
  extension: string;
  /** Counters so far; complete once footer() has been called. */
  summary(): S;
};

/** A format that is one text stream (JSON-LD, JSONL, CSV, CoNLL): concatenate what the calls return. */
export type TextExportWriter<S extends ExportSummary = ExportSummary> = ExportWriterBase<S> & {
  kind: "text";
  header(): string;
  batch(batch: DocumentBatch): string;
  /**
   * batch() in steps (run-in-slices.ts), for a writer whose document can be long work: a request
   * runs it in slices. Its output comes in pieces (batch() is their concatenation), so a long
   * document's 20 MB of JSON is never one string to build, encode and write at once.
   */
  batchSteps?(batch: DocumentBatch): Steps<string[]>;
  footer(): string;
};

/** A format that is a set of files (brat): each call returns whole files to add to the archive. */
export type FilesExportWriter<S extends ExportSummary = ExportSummary> = ExportWriterBase<S> & {
  kind: "files";
  header(): ExportFile[];
  batch(batch: DocumentBatch): ExportFile[];
  /** batch() in steps, as for a text writer. */
  batchSteps?(batch: DocumentBatch): Steps<ExportFile[]>;
  footer(): ExportFile[];
};

export type ExportWriter = TextExportWriter | FilesExportWriter;

type Batches = AsyncIterable<DocumentBatch> | Iterable<DocumentBatch>;

/** Streams a text format chunk by chunk (one chunk per document) from batches read one at a time. */
export async function* streamText(writer: TextExportWriter, batches: Batches): AsyncGenerator<string> {
  yield writer.header();
  for await (const batch of batches) {
    // In slices where the writer has steps: the server's one thread serves other requests meanwhile.
    for (const chunk of writer.batchSteps ? await runInSlices(writer.batchSteps(batch)) : [writer.batch(batch)]) if (chunk) yield chunk;
  }
  yield writer.footer();
}

/** Streams the files of a files format, ready for zipStream(). */
export async function* streamFiles(writer: FilesExportWriter, batches: Batches): AsyncGenerator<ExportFile> {
  yield* writer.header();
  for await (const batch of batches) yield* writer.batchSteps ? await runInSlices(writer.batchSteps(batch)) : writer.batch(batch);
  yield* writer.footer();
}

/** The whole export as one string: for tests and small exports that fit in memory anyway. */
export function writeText(writer: TextExportWriter, batches: Iterable<DocumentBatch>): string {
  let out = writer.header();
  for (const batch of batches) out += writer.batch(batch);
  return out + writer.footer();
}

/** All files of a files export: for tests and small exports. */
export function writeFiles(writer: FilesExportWriter, batches: Iterable<DocumentBatch>): ExportFile[] {
  const files = writer.header();
  for (const batch of batches) files.push(...writer.batch(batch));
  files.push(...writer.footer());
  return files;
}

/**
 * Relations among one document's annotations: the links their attributes hold (claimant,
 * location, participants) and the typed relations drawn between them. Links to annotations
 * outside the batch (another annotator's layer, a deleted target, a filtered-out kind) are left
 * out: every format needs both ends in the file.
 */
export function relationsAmong(annotations: ExportAnnotation[], typed: ExportRelation[] = []): ExportRelation[] {
  const ids = new Set(annotations.map((a) => a.id));
  return [...annotations.flatMap((a) => relationsOf(a, (id) => ids.has(id))), ...typed.filter((r) => ids.has(r.fromId) && ids.has(r.toId))];
}

/** Label names as single tokens for formats that separate fields by whitespace (brat, CoNLL). */
export function underscoreSpaces(name: string): string {
  return name.trim().replace(/\s+/g, "_");
}
