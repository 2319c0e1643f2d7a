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
import { runAtOnce, type Steps } from "@/lib/run-in-slices";
import type { FileContent, ImportProblem, ParsedAnnotation, ParsedAnnotationSet, ParsedDocument, ParsedRelation } from "@/lib/formats/import/types";

export type DoccanoOptions = {
  offsetUnit?: OffsetUnit;
  /** doccano 1.0–1.4 name labels by number; its label export (`[{id, text, …}]`) gives the names. */
  labelNames?: ReadonlyMap<string, string>;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const text = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : undefined);
const idOf = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : undefined);

/** Records with the line they came from (JSONL), or their position in a JSON array. */
function* recordsOf(fileName: string, content: string, problems: ImportProblem[]): Steps<{ record: unknown; line?: number; where: string }[]> {
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
  // Parsed line by line, pausing by the characters read: lines run from a word to a whole book.
  let read = 0;
  for (const [index, raw] of body.split("\n").entries()) {
    if ((read += raw.length) > 1_000_000) {
      read = 0;
      yield;
    }
    const line = raw.replace(/\r$/, "");
    if (!line.trim()) continue;
    try {
      records.push({ record: JSON.parse(line), line: index + 1, where: `line ${index + 1}` });
    } catch (error) {
      problems.push({ file: fileName, line: index + 1, message: `not valid JSON (${(error as Error).message}); the line was skipped` });
    }
  }
  return records;
}

/** A span's offsets, checked against the raw text; null (with a problem) when they cannot be used. */
/**
 * A span's offsets, checked against the raw text; null (with a problem) when they cannot be used.
 * `offsetFault` is told when the offsets do not fit this reading of the unit at all (outside the
 * text, or UTF-16 offsets that cut a character in two): how the unit is detected.
 */
function span(raw: RawText, source: string, unit: OffsetUnit, start: unknown, end: unknown, problem: (message: string) => void, offsetFault: () => void): { start: number; end: number; exact: string } | null {
  if (!Number.isInteger(start) || !Number.isInteger(end)) {
    problem(`offsets ${JSON.stringify(start)}–${JSON.stringify(end)} are not whole numbers`);
    return null;
  }
  const [s, e] = [start as number, end as number];
  if (s < 0 || e > raw.rawLength || e <= s) {
    if (e > s) offsetFault();
    problem(e <= s ? `the span ${s}–${e} is empty or reversed` : `the span ${s}–${e} is outside the text (0–${raw.rawLength} ${unit === "utf16" ? "UTF-16 units" : "code points"})`);
    return null;
  }
  if (unit === "utf16" && (splitsPair(source, s) || splitsPair(source, e))) {
    offsetFault();
    problem(`the span ${s}–${e} cuts a character in two when counted in UTF-16 units`);
    return null;
  }
  return { start: raw.toCanonical(s), end: raw.toCanonical(e, true), exact: raw.quote(s, e) };
}

const splitsPair = (s: string, i: number) => i > 0 && i < s.length && /[\uDC00-\uDFFF]/.test(s[i]) && /[\uD800-\uDBFF]/.test(s[i - 1]);

export function parseDoccano(fileName: string, content: FileContent, options: DoccanoOptions = {}): ParsedAnnotationSet {
  return runAtOnce(readDoccano(fileName, content, options)).set;
}

/** The set, and how many spans did not fit the offset unit it was read with; in steps (run-in-slices.ts), pausing between records. */
function* readDoccano(fileName: string, content: FileContent, options: DoccanoOptions): Steps<{ set: ParsedAnnotationSet; offsetFaults: number; spans: number }> {
  const unit = options.offsetUnit ?? "codepoint";
  let offsetFaults = 0;
  let spanCount = 0;
  const fault = () => offsetFaults++;
  const problems: ImportProblem[] = [];
  const documents: ParsedDocument[] = [];
  const decoded = decodeContent(content);
  const result = () => ({ set: { format: "doccano" as const, documents, problems }, offsetFaults, spans: spanCount });
  if ("error" in decoded) {
    problems.push({ file: fileName, message: decoded.error });
    return result();
  }
  const keys = new Set<string>();
  const records = yield* recordsOf(fileName, decoded.text, problems);
  if (records.length === 0 && problems.length === 0) problems.push({ file: fileName, message: "the file is empty: it holds no documents (doccano writes one JSON object per line)" });

  // A pause every two thousand records and spans read (a record holds one span or fifty thousand).
  let steps = 0;
  for (const { record, line, where } of records) {
    if (++steps % 2000 === 0) yield;
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
    // The keys of document.annotations: a lookup per span, not a scan (a line can hold 50,000 spans).
    const annotationKeys = new Set<string>();
    const add = (found: ParsedAnnotation) => {
      const annotation = { ...found, ...(creator.creatorName ? { creatorName: creator.creatorName } : {}), ...(creator.creatorId ? { creatorId: creator.creatorId } : {}) };
      if (annotationKeys.has(annotation.key)) problem(`entity id ${annotation.key} is used twice; kept the first`);
      else {
        annotationKeys.add(annotation.key);
        document.annotations.push(annotation);
      }
    };

    const spanLists = (["label", "labels"] as const).filter((k) => Array.isArray(record[k]));
    for (const listKey of spanLists) {
      for (const [i, item] of (record[listKey] as unknown[]).entries()) {
        if (++steps % 2000 === 0) yield;
        const what = `${listKey}[${i}]`;
        if (typeof item === "string") {
          if (i === 0) problem(`"${listKey}" holds document categories (${JSON.stringify(item)} …), not spans; they are not imported`);
          continue;
        }
        if (!Array.isArray(item) || item.length < 3 || typeof item[2] !== "string" || !item[2].trim()) {
          problem(`${what} is not a span like [start, end, "LABEL"]`);
          continue;
        }
        spanCount++;
        const placed = span(raw, record.text as string, unit, item[0], item[1], (message) => problem(`${what} (${item[2]}): ${message}`), fault);
        if (placed) add({ key: String(i + 1), label: item[2].trim(), ...placed, attributes: {}, offsetUnit: "codepoint" });
      }
    }

    if (Array.isArray(record.entities)) {
      for (const [i, entity] of (record.entities as unknown[]).entries()) {
        if (++steps % 2000 === 0) yield;
        const what = `entities[${i}]`;
        if (!isObject(entity) || !text(entity.label)) {
          problem(`${what} is not an entity like {"id", "start_offset", "end_offset", "label"}`);
          continue;
        }
        const label = text(entity.label)!;
        spanCount++;
        const placed = span(raw, record.text as string, unit, entity.start_offset, entity.end_offset, (message) => problem(`${what} (${label}): ${message}`), fault);
        if (placed) add({ key: idOf(entity.id) ?? `entity ${i + 1}`, label, ...placed, attributes: {}, offsetUnit: "codepoint" });
      }
    }

    // doccano 1.0–1.4: {"annotations": [{"label": 3, "start_offset", "end_offset", "user"}]}, the
    // label a number from the project's label list (a separate export), or a name in some versions.
    let unnamed = 0;
    if (Array.isArray(record.annotations)) {
      let categories = 0;
      for (const [i, item] of (record.annotations as unknown[]).entries()) {
        if (++steps % 2000 === 0) yield;
        const what = `annotations[${i}]`;
        if (!isObject(item) || idOf(item.label) === undefined) {
          problem(`${what} is not an annotation like {"label", "start_offset", "end_offset"}`);
          continue;
        }
        if (item.start_offset === undefined && item.end_offset === undefined) {
          if (categories++ === 0) problem(`"annotations" holds document categories (label ${JSON.stringify(item.label)} …), not spans; they are not imported`);
          continue;
        }
        spanCount++;
        const id = idOf(item.label)!;
        const label = typeof item.label === "number" ? options.labelNames?.get(id) : text(item.label);
        if (!label) {
          unnamed++;
          problem(`${what}: label ${JSON.stringify(item.label)} is a doccano 1.x label number; add the project's label file (doccano: Labels → Export) to the upload so it has a name`);
          continue;
        }
        const placed = span(raw, record.text as string, unit, item.start_offset, item.end_offset, (message) => problem(`${what} (${label}): ${message}`), fault);
        const user = idOf(item.user);
        if (placed) add({ key: idOf(item.id) ?? `annotation ${i + 1}`, label, ...placed, attributes: {}, offsetUnit: "codepoint", ...(user && !creator.creatorName ? { creatorName: `doccano user ${user}` } : {}) });
      }
    }

    if (Array.isArray(record.relations)) {
      const known = annotationKeys;
      const relations: ParsedRelation[] = [];
      for (const [i, relation] of (record.relations as unknown[]).entries()) {
        if (++steps % 2000 === 0) yield;
        const what = `relations[${i}]`;
        const from = isObject(relation) ? idOf(relation.from_id) : undefined;
        const to = isObject(relation) ? idOf(relation.to_id) : undefined;
        const type = isObject(relation) ? text(relation.type) : undefined;
        if (!from || !to || !type) problem(`${what} is not a relation like {"from_id", "to_id", "type"}`);
        else if (!known.has(from) || !known.has(to)) problem(`${what} (${type}) links entity ${known.has(from) ? to : from}, which is not an imported entity of this document`);
        else relations.push({ fromKey: from, toKey: to, type });
      }
      document.relations = relations;
    }

    if (spanLists.length === 0 && !Array.isArray(record.entities) && !Array.isArray(record.annotations)) problem(`no "label", "entities" or "annotations" list; the document has no annotations`);
    if (unnamed > 0 && document.annotations.length === 0) {
      // Its text alone would be an empty document that a later import with the label file no longer fills.
      problem(`the text was not imported either: none of its ${unnamed} spans has a label name`);
      continue;
    }
    documents.push(document);
  }
  return result();
}

/** doccano 1.x's label export: `[{"id": 3, "text": "PER", "prefix_key", "suffix_key", "background_color", …}]`. */
export function isDoccanoLabelList(value: unknown): value is { id: number; text: string }[] {
  return (
    Array.isArray(value) && value.length > 0 &&
    value.every((v) => isObject(v) && (typeof v.id === "number" || typeof v.id === "string") && typeof v.text === "string" && ("background_color" in v || "suffix_key" in v || "prefix_key" in v))
  );
}

export type DoccanoUpload =
  | { set: ParsedAnnotationSet; offsetUnit: OffsetUnit; detected: boolean }
  | { question: string };

/**
 * An upload of doccano files (JSONL, a JSON array, or label lists) read with one offset unit. Given
 * none, the unit is detected: files whose spans land the same either way, or fit only one reading
 * (the other puts a span outside the text or cuts a character in two), are read that way; when both
 * readings fit and put some span in different places, nothing is guessed — `question` asks which.
 */
export const parseDoccanoUpload = (files: { name: string; content: FileContent }[], offsetUnit?: OffsetUnit): DoccanoUpload => runAtOnce(parseDoccanoUploadSteps(files, offsetUnit));

/** parseDoccanoUpload in steps: the direct import route reads a large upload in its request. */
export function* parseDoccanoUploadSteps(files: { name: string; content: FileContent }[], offsetUnit?: OffsetUnit): Steps<DoccanoUpload> {
  const labelNames = new Map<string, string>();
  const data: typeof files = [];
  for (const file of files) {
    const decoded = /\.json$/i.test(file.name) ? decodeContent(file.content) : null;
    let value: unknown;
    try {
      value = decoded && "text" in decoded ? JSON.parse(decoded.text.replace(/^\uFEFF/, "")) : undefined;
    } catch {
      value = undefined;
    }
    if (isDoccanoLabelList(value)) for (const l of value) labelNames.set(String(l.id), l.text.trim());
    else data.push(file);
  }
  function* read(unit: OffsetUnit) {
    const reads: { set: ParsedAnnotationSet; offsetFaults: number; spans: number }[] = [];
    for (const f of data) reads.push(yield* readDoccano(f.name, f.content, { offsetUnit: unit, labelNames }));
    return reads;
  }
  type Reads = { set: ParsedAnnotationSet; offsetFaults: number }[];
  const merge = (reads: Reads): ParsedAnnotationSet => ({ format: "doccano", documents: reads.flatMap((r) => r.set.documents), problems: reads.flatMap((r) => r.set.problems) });
  if (offsetUnit) return { set: merge(yield* read(offsetUnit)), offsetUnit, detected: false };

  const asCodePoints = yield* read("codepoint");
  const asUtf16 = yield* read("utf16");
  const where = (reads: Reads) => reads.flatMap((r) => r.set.documents.flatMap((d) => d.annotations.map((a) => `${d.key}|${a.key}|${a.start}|${a.end}`)));
  const cpFaults = asCodePoints.reduce((n, r) => n + r.offsetFaults, 0);
  const u16Faults = asUtf16.reduce((n, r) => n + r.offsetFaults, 0);
  // Each reading's span places, listed once (not once per span when they are compared below).
  const cpWhere = where(asCodePoints);
  yield;
  const u16Where = where(asUtf16);
  yield;
  const same = cpFaults === u16Faults && cpWhere.join("\n") === u16Where.join("\n");
  if (same) return { set: merge(asCodePoints), offsetUnit: "codepoint", detected: true };
  if (u16Faults === 0 && cpFaults > 0) return { set: merge(asUtf16), offsetUnit: "utf16", detected: true };
  if (cpFaults === 0 && u16Faults > 0) return { set: merge(asCodePoints), offsetUnit: "codepoint", detected: true };
  const differ = cpWhere.filter((w, i) => w !== u16Where[i]).length;
  return {
    question:
      `The spans' offsets could count code points (doccano, Python) or UTF-16 units (JavaScript tools, an export with offsets=utf16), ` +
      `and the two readings put ${differ || "some"} span${differ === 1 ? "" : "s"} in different places` +
      (cpFaults && u16Faults ? ` (and neither fits every span: ${cpFaults} as code points, ${u16Faults} as UTF-16 units)` : "") +
      `. Choose the offset unit (offsetUnit=codepoint or offsetUnit=utf16) and import again; nothing was imported.`,
  };
}
