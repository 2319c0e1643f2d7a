// What every import reader produces: annotation sets as the other tool wrote them, before anything
// is matched to our documents or labels. Offsets are as read (see `offsetUnit`); the importer places
// each annotation with lib/anchoring/reanchor.ts and reports accepted / re-anchored / refused.
import type { OffsetUnit } from "@/lib/anchoring/reanchor";
import type { ReviewState } from "@/lib/formats/types";

export type ImportFormat = "native" | "w3c" | "brat" | "doccano" | "conll";

/** Something in a file that could not be read; `line` is 1-based where the format has lines. */
export type ImportProblem = { file: string; line?: number; message: string };

export type ParsedAnnotation = {
  /** The annotation's id in its file (brat "T3", a W3C IRI, a doccano entity id) — unique per document. */
  key: string;
  /** The label's name as the file spells it; matched to the project's labels by the importer. */
  label: string;
  /** The name the file's tool shows for that label (brat's visual.conf), tried first: brat type names cannot hold "Städte" or "인물". */
  labelDisplay?: string;
  start?: number;
  end?: number;
  exact?: string;
  prefix?: string;
  suffix?: string;
  attributes: Record<string, unknown>;
  note?: string;
  creatorName?: string;
  /** The creator's user id, when the file came from a workbench export that names it (doccano `annotator_id`, brat notes). */
  creatorId?: string;
  reviewState?: ReviewState;
  /**
   * Knowledge-base references (brat N lines: "Wikidata:Q42", with the entry's name when given):
   * the importer links the annotation to the item with that external id, or makes one.
   */
  references?: { id: string; name?: string }[];
  /** How `start` and `end` count; pass it to anchor(). */
  offsetUnit: OffsetUnit;
};

/** A directed link between two annotations of the same document, by their keys. */
export type ParsedRelation = { fromKey: string; toKey: string; type: string; /** As shown (brat's visual.conf), tried first. */ typeDisplay?: string };

export type ParsedDocument = {
  /** File name (brat, without extension), a W3C target source, a doccano id or line — unique per set. */
  key: string;
  title?: string;
  /** Canonical text (NFC, LF, no BOM) when the file carries the text; W3C files do not. */
  text?: string;
  sourceUrl?: string;
  /** One of our document ids, when the file names it (e.g. a W3C source ending in /documents/<uuid>). */
  documentId?: string;
  /** SHA-256 (hex) of the canonical text, when the file names the text by content (W3C `wb:textHash`, urn:sha256). */
  contentHash?: string;
  annotations: ParsedAnnotation[];
  relations?: ParsedRelation[];
  /** Groups of annotation keys that name the same thing (brat `*\tEquiv T1 T2`): linked to one knowledge-base item. */
  equivalences?: string[][];
};

export type ParsedAnnotationSet = { format: ImportFormat; documents: ParsedDocument[]; problems: ImportProblem[] };

/** File contents as uploaded (bytes, decoded as strict UTF-8) or already decoded. */
export type FileContent = string | Uint8Array;
