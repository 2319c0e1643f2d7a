// doccano JSONL, one document per line, in the two layouts doccano's importer reads:
// - "plain" (sequence labeling): {"id", "text", "label": [[start, end, "LABEL"], ...], "meta"}
// - "rich" (relation extraction): {"id", "text", "entities": [{id, start_offset, end_offset, label}],
//   "relations": [{id, from_id, to_id, type}], "meta"}
// doccano keeps columns other than the text and label columns as the example's metadata, so "id"
// (our document id) and "meta" (title, source …) survive an import round trip. Entity and relation
// ids are integers because doccano's importer declares them `int`; they count up across the whole
// file, so they are unique in it.
//
// doccano has nowhere to put notes, attributes or review state; they are not written. Every label
// kind is written as a span (claims and events too), overlapping spans included: doccano imports
// them when the project allows overlapping spans. The plain layout cannot carry relations; the
// summary counts the ones it leaves out.
//
// Layers: doccano exports one `<username>.jsonl` per annotator (unless its project is
// collaborative), and so does the default export here — one writer per layer, each told its layer.
//
// Offsets: "codepoint" (default) is what doccano's Python backend and Python users' text[start:end]
// mean; "utf16" is for consumers that index JavaScript strings (some doccano frontends did — the
// emoji offset drift reported against it).
import { OffsetMap } from "@/lib/anchoring/offsets";
import type { DocumentBatch, ExportDocument } from "@/lib/formats/types";
import { relationsAmong, type ExportSummary, type TextExportWriter } from "@/lib/formats/writer";

export type DoccanoOptions = {
  variant?: "plain" | "rich";
  offsets?: "codepoint" | "utf16";
  /**
   * The one layer this file holds. Written on every line as columns doccano keeps as metadata:
   * `"annotator"` (display name) and `"annotator_id"` (user id) for an annotator's file, `"layer":
   * "gold"` for the gold layer's. Without it (everything mixed) the lines name no annotator.
   */
  layer?: { annotator: { id: string; name: string } } | { gold: true };
};

export type DoccanoSummary = ExportSummary & { relations: number; relationsDropped: number };

export function createDoccanoWriter({ variant = "plain", offsets = "codepoint", layer }: DoccanoOptions = {}): TextExportWriter<DoccanoSummary> {
  const layerColumns = !layer ? {} : "gold" in layer ? { layer: "gold" } : { layer: "annotator", annotator: layer.annotator.name, annotator_id: layer.annotator.id };
  const summary: DoccanoSummary = { documents: 0, annotations: 0, relations: 0, relationsDropped: 0 };
  let nextEntityId = 1;
  let nextRelationId = 1;

  return {
    kind: "text",
    contentType: "application/x-ndjson; charset=utf-8",
    extension: "jsonl",
    summary: () => ({ ...summary }),
    header: () => "",
    footer: () => "",
    batch({ document, annotations, relations: typed }: DocumentBatch) {
      summary.documents++;
      summary.annotations += annotations.length;
      const map = offsets === "utf16" ? new OffsetMap(document.text) : null;
      const at = (codePoint: number) => (map ? map.toUtf16(codePoint) : codePoint);
      const relations = relationsAmong(annotations, typed);
      const meta = metaOf(document);

      if (variant === "plain") {
        summary.relationsDropped += relations.length;
        const label = annotations.map((a) => [at(a.start), at(a.end), a.label.name]);
        return jsonLine({ id: document.id, text: document.text, label, ...layerColumns, meta });
      }

      const entityId = new Map<string, number>();
      const entities = annotations.map((a) => {
        const id = nextEntityId++;
        entityId.set(a.id, id);
        return { id, start_offset: at(a.start), end_offset: at(a.end), label: a.label.name, ...(a.canonical ? { canonical: a.canonical.name } : {}) };
      });
      summary.relations += relations.length;
      const rels = relations.map((r) => ({ id: nextRelationId++, from_id: entityId.get(r.fromId)!, to_id: entityId.get(r.toId)!, type: r.type }));
      return jsonLine({ id: document.id, text: document.text, entities, relations: rels, ...layerColumns, meta });
    },
  };
}

function metaOf(d: ExportDocument) {
  return { title: d.title, source_url: d.sourceUrl, publisher: d.publisher, published_on: d.publishedOn, language: d.language };
}

/**
 * One JSON value on one line. JSON.stringify leaves U+0085, U+2028 and U+2029 raw, and readers that
 * split lines with Python's str.splitlines() would cut the record there; escaping them is still
 * the same JSON string.
 */
export function jsonLine(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0085\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`) + "\n";
}
