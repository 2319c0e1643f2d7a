// doccano exports, one document per line (JSONL), in its two span layouts:
// - sequence labeling: {"text", "label": [[start, end, "LABEL"], ...]} (older exports: "labels")
// - relation extraction: {"text", "entities": [{id, start_offset, end_offset, label}],
//   "relations": [{id, from_id, to_id, type}]}
// A workbench export's per-annotator files (a zip of `<annotator>.jsonl`) add "annotator" and
// "annotator_id" to each line: they become each span's creator.
// Other keys are the example's metadata: "id" (ours, when the file came from our export), "meta"
// or top-level title and source URL. Offsets are code points into the raw text (doccano's backend
// is Python) unless the `offsetUnit` option says a JavaScript tool counted UTF-16 units; either way
// they are mapped onto the canonical text, and each span's quote is taken from the raw text.
import type { OffsetUnit } from "@/lib/anchoring/reanchor";
import { isWebUrl } from "@/lib/documents/source-url";
import { decodeContent, rawText, type RawText } from "@/lib/formats/import/raw-text";
import type { FileContent, ImportProblem, ParsedAnnotation, ParsedAnnotationSet, ParsedDocument, ParsedRelation } from "@/lib/formats/import/types";

export type DoccanoOptions = { offsetUnit?: OffsetUnit };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const text = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : undefined);
const idOf = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : undefined);

/** Records with the line they came from (JSONL), or their position in a JSON array. */
function recordsOf(fileName: string, content: string, problems: ImportProblem[]): { record: unknown; line?: number; where: string }[] {
  const body = content.replace(/^\uFEFF/, "");
  // doccano's "JSON" export is one array of the same records.
  if (body.trimStart().startsWith("[")) {
    try {
      const array: unknown = JSON.parse(body);
      if (Array.isArray(array)) return array.map((record, i) => ({ record, where: `record ${i + 1}` }));
    } catch {
      // Not one JSON array: read it as lines, which reports the bad line.
    }
  }
  const records: { record: unknown; line?: number; where: string }[] = [];
  body.split("\n").forEach((raw, index) => {
    const line = raw.replace(/\r$/, "");
    if (!line.trim()) return;
    try {
      records.push({ record: JSON.parse(line), line: index + 1, where: `line ${index + 1}` });
    } catch (error) {
      problems.push({ file: fileName, line: index + 1, message: `not valid JSON (${(error as Error).message}); the line was skipped` });
    }
  });
  return records;
}

/** A span's offsets, checked against the raw text; null (with a problem) when they cannot be used. */
function span(raw: RawText, start: unknown, end: unknown, problem: (message: string) => void): { start: number; end: number; exact: string } | null {
  if (!Number.isInteger(start) || !Number.isInteger(end)) {
    problem(`offsets ${JSON.stringify(start)}–${JSON.stringify(end)} are not whole numbers`);
    return null;
  }
  const [s, e] = [start as number, end as number];
  if (s < 0 || e > raw.rawLength || e <= s) {
    problem(e <= s ? `the span ${s}–${e} is empty or reversed` : `the span ${s}–${e} is outside the text (0–${raw.rawLength})`);
    return null;
  }
  return { start: raw.toCanonical(s), end: raw.toCanonical(e, true), exact: raw.quote(s, e) };
}

export function parseDoccano(fileName: string, content: FileContent, options: DoccanoOptions = {}): ParsedAnnotationSet {
  const unit = options.offsetUnit ?? "codepoint";
  const problems: ImportProblem[] = [];
  const documents: ParsedDocument[] = [];
  const decoded = decodeContent(content);
  if ("error" in decoded) return { format: "doccano", documents, problems: [{ file: fileName, message: decoded.error }] };
  const keys = new Set<string>();

  for (const { record, line, where } of recordsOf(fileName, decoded.text, problems)) {
    const problem = (message: string) => problems.push({ file: fileName, line, message: line === undefined ? `${where}: ${message}` : message });
    if (!isObject(record) || typeof record.text !== "string") {
      problem(`expected an object with a "text" string`);
      continue;
    }
    const raw = rawText(record.text, unit);
    const meta = isObject(record.meta) ? record.meta : {};
    const recordId = idOf(record.id);
    let key = recordId ?? `${fileName}:${where}`;
    if (keys.has(key)) {
      problem(`the id ${JSON.stringify(key)} was already used; this document is keyed by its ${where}`);
      key = `${fileName}:${where}`;
    }
    keys.add(key);
    const documentId = [record.document_id, record.documentId, recordId].find((v): v is string => typeof v === "string" && UUID.test(v));
    const sourceUrl = text(record.source_url ?? record.sourceUrl ?? record.url ?? meta.source_url ?? meta.sourceUrl ?? meta.url);
    const document: ParsedDocument = {
      key,
      title: text(record.title ?? meta.title),
      text: raw.text,
      sourceUrl: sourceUrl && isWebUrl(sourceUrl) ? sourceUrl : undefined,
      documentId,
      annotations: [],
      relations: [],
    };
    // Our export's per-annotator files name the annotator on every line.
    const creator = { creatorName: text(record.annotator), creatorId: typeof record.annotator_id === "string" && UUID.test(record.annotator_id) ? record.annotator_id : undefined };
    const add = (found: ParsedAnnotation) => {
      const annotation = { ...found, ...(creator.creatorName ? { creatorName: creator.creatorName } : {}), ...(creator.creatorId ? { creatorId: creator.creatorId } : {}) };
      if (document.annotations.some((a) => a.key === annotation.key)) problem(`entity id ${annotation.key} is used twice; kept the first`);
      else document.annotations.push(annotation);
    };

    const spanLists = (["label", "labels"] as const).filter((k) => Array.isArray(record[k]));
    for (const listKey of spanLists) {
      (record[listKey] as unknown[]).forEach((item, i) => {
        const what = `${listKey}[${i}]`;
        if (typeof item === "string") {
          if (i === 0) problem(`"${listKey}" holds document categories (${JSON.stringify(item)} …), not spans; they are not imported`);
          return;
        }
        if (!Array.isArray(item) || item.length < 3 || typeof item[2] !== "string" || !item[2].trim()) {
          problem(`${what} is not a span like [start, end, "LABEL"]`);
          return;
        }
        const placed = span(raw, item[0], item[1], (message) => problem(`${what} (${item[2]}): ${message}`));
        if (placed) add({ key: String(i + 1), label: item[2].trim(), ...placed, attributes: {}, offsetUnit: "codepoint" });
      });
    }

    if (Array.isArray(record.entities)) {
      record.entities.forEach((entity: unknown, i) => {
        const what = `entities[${i}]`;
        if (!isObject(entity) || !text(entity.label)) {
          problem(`${what} is not an entity like {"id", "start_offset", "end_offset", "label"}`);
          return;
        }
        const label = text(entity.label)!;
        const placed = span(raw, entity.start_offset, entity.end_offset, (message) => problem(`${what} (${label}): ${message}`));
        if (placed) add({ key: idOf(entity.id) ?? `entity ${i + 1}`, label, ...placed, attributes: {}, offsetUnit: "codepoint" });
      });
    }

    if (Array.isArray(record.relations)) {
      const known = new Set(document.annotations.map((a) => a.key));
      const relations: ParsedRelation[] = [];
      record.relations.forEach((relation: unknown, i) => {
        const what = `relations[${i}]`;
        const from = isObject(relation) ? idOf(relation.from_id) : undefined;
        const to = isObject(relation) ? idOf(relation.to_id) : undefined;
        const type = isObject(relation) ? text(relation.type) : undefined;
        if (!from || !to || !type) problem(`${what} is not a relation like {"from_id", "to_id", "type"}`);
        else if (!known.has(from) || !known.has(to)) problem(`${what} (${type}) links entity ${known.has(from) ? to : from}, which is not an imported entity of this document`);
        else relations.push({ fromKey: from, toKey: to, type });
      });
      document.relations = relations;
    }

    if (spanLists.length === 0 && !Array.isArray(record.entities)) problem(`no "label" or "entities" list; the document has no annotations`);
    documents.push(document);
  }
  return { format: "doccano", documents, problems };
}
