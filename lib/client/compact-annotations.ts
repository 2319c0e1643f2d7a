// The annotations a document page starts with travel in a compact form: the quote is the text at
// the span (the server refuses any other), so it is not sent again beside the text, nor are the
// quote's context, the timestamps or defaults (no note, no attributes, not gold). And column by
// column rather than one object per annotation: the label and author are indexes into the few ids
// there are, offsets, versions and sequence numbers are arrays of numbers. The page keeps what it
// was sent for as long as it is open (React holds the props), so this form is what stays: with
// 5,000 annotations about a quarter of the object-per-annotation form's size on the wire, and a
// fraction of its memory (no object, and no copy of a label or author id, per annotation).
import type { OffsetMap } from "@/lib/anchoring/offsets";
import type { Annotation, ShownAnnotation } from "@/lib/client/annotation-queue";

/** What an annotation may carry beyond the defaults; sent only for those that do. */
type Extras = {
  attributes?: Record<string, unknown>;
  note?: string;
  reviewState?: string;
  gold?: true;
  canonicalId?: string;
};

export type CompactAnnotations = {
  ids: string[];
  /** The distinct label and author ids; `label[i]` and `author[i]` index into them. */
  labelIds: string[];
  authorIds: string[];
  label: number[];
  author: number[];
  start: number[];
  end: number[];
  version: number[];
  seq: number[];
  /** [index, extras] for the annotations that differ from the defaults. */
  extras: [number, Extras][];
};

type Full = Pick<Annotation, "id" | "labelId" | "authorId" | "start" | "end" | "version" | "seq" | "attributes" | "note" | "reviewState" | "gold" | "canonicalId">;

export function compactAnnotations(list: readonly Full[]): CompactAnnotations {
  const c: CompactAnnotations = { ids: [], labelIds: [], authorIds: [], label: [], author: [], start: [], end: [], version: [], seq: [], extras: [] };
  const labels = new Map<string, number>();
  const authors = new Map<string, number>();
  const indexOf = (ids: string[], index: Map<string, number>, id: string) => {
    let i = index.get(id);
    if (i === undefined) index.set(id, (i = ids.push(id) - 1));
    return i;
  };
  list.forEach((a, i) => {
    c.ids.push(a.id);
    c.label.push(indexOf(c.labelIds, labels, a.labelId));
    c.author.push(indexOf(c.authorIds, authors, a.authorId));
    c.start.push(a.start);
    c.end.push(a.end);
    c.version.push(a.version);
    c.seq.push(a.seq);
    const x: Extras = {};
    if (a.attributes && Object.keys(a.attributes).length) x.attributes = a.attributes;
    if (a.note) x.note = a.note;
    // PENDING is what every new annotation has: only a decision is worth sending.
    if (a.reviewState && a.reviewState !== "PENDING") x.reviewState = a.reviewState;
    if (a.gold) x.gold = true;
    if (a.canonicalId) x.canonicalId = a.canonicalId;
    if (Object.keys(x).length) c.extras.push([i, x]);
  });
  return c;
}

// Shared by every annotation without attributes (never changed in place: a change makes a new annotation object).
const NO_ATTRIBUTES: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

/**
 * The full form again, the quote read from the document's text (code-point offsets); already in
 * the form the viewer shows a confirmed annotation in (`pending: false`), so it is not copied again.
 */
export function expandAnnotations(c: CompactAnnotations, documentId: string, text: OffsetMap): ShownAnnotation[] {
  const extras = new Map(c.extras);
  return c.ids.map((id, i) => {
    const x = extras.get(i);
    const start = c.start[i];
    const end = c.end[i];
    return {
      id,
      documentId,
      labelId: c.labelIds[c.label[i]],
      authorId: c.authorIds[c.author[i]],
      start,
      end,
      exact: text.slice(start, end),
      prefix: "",
      suffix: "",
      attributes: x?.attributes ?? NO_ATTRIBUTES,
      note: x?.note ?? "",
      version: c.version[i],
      reviewState: x?.reviewState ?? "PENDING",
      gold: x?.gold ?? false,
      canonicalId: x?.canonicalId ?? null,
      seq: c.seq[i],
      deleted: false,
      createdAt: "",
      updatedAt: "",
      pending: false,
    };
  });
}
