// The annotations a document page starts with travel in a compact form: the quote is the text at
// the span (the server refuses any other), so it is not sent again beside the text, nor are the
// quote's context, the timestamps or defaults (no note, no attributes, not gold). With 5,000
// annotations this is a third of the full form's size, parsed and held once less in the page.
import type { OffsetMap } from "@/lib/anchoring/offsets";
import type { Annotation, ShownAnnotation } from "@/lib/client/annotation-queue";

export type CompactAnnotation = {
  id: string;
  labelId: string;
  authorId: string;
  start: number;
  end: number;
  version: number;
  seq: number;
  attributes?: Record<string, unknown>;
  note?: string;
  reviewState?: string;
  gold?: true;
  canonicalId?: string;
};

type Full = Pick<Annotation, "id" | "labelId" | "authorId" | "start" | "end" | "version" | "seq" | "attributes" | "note" | "reviewState" | "gold" | "canonicalId">;

export function compactAnnotation(a: Full): CompactAnnotation {
  const c: CompactAnnotation = { id: a.id, labelId: a.labelId, authorId: a.authorId, start: a.start, end: a.end, version: a.version, seq: a.seq };
  if (a.attributes && Object.keys(a.attributes).length) c.attributes = a.attributes;
  if (a.note) c.note = a.note;
  // PENDING is what every new annotation has: only a decision is worth sending.
  if (a.reviewState && a.reviewState !== "PENDING") c.reviewState = a.reviewState;
  if (a.gold) c.gold = true;
  if (a.canonicalId) c.canonicalId = a.canonicalId;
  return c;
}

/**
 * The full form again, the quote read from the document's text (code-point offsets); already in
 * the form the viewer shows a confirmed annotation in (`pending: false`), so it is not copied again.
 */
export function expandAnnotations(compact: CompactAnnotation[], documentId: string, text: OffsetMap): ShownAnnotation[] {
  return compact.map((c) => ({
    id: c.id,
    documentId,
    labelId: c.labelId,
    authorId: c.authorId,
    start: c.start,
    end: c.end,
    exact: text.slice(c.start, c.end),
    prefix: "",
    suffix: "",
    attributes: c.attributes ?? {},
    note: c.note ?? "",
    version: c.version,
    reviewState: c.reviewState ?? "PENDING",
    gold: c.gold ?? false,
    canonicalId: c.canonicalId ?? null,
    seq: c.seq,
    deleted: false,
    createdAt: "",
    updatedAt: "",
    pending: false,
  }));
}
