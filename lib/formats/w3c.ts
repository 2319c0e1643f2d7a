// W3C Web Annotation Data Model (https://www.w3.org/TR/annotation-model/) as one JSON-LD document:
// an AnnotationCollection whose `first` is an embedded AnnotationPage holding every annotation.
//
// Choices, and why:
// - One page, not one per document. The model chains pages by `next`; inside a single file that
//   means nesting each page in the previous one (depth = number of pages, beyond the recursion
//   limit of common JSON parsers) or pages outside the collection object (a JSON-LD @graph most
//   consumers do not read). One embedded page keeps `json.first.items` working everywhere and still
//   streams: items are written as they come, and `total` and `last` follow `items` in the footer —
//   JSON object members are unordered, so writing them last is as valid as writing them first.
// - Each span annotation: motivation "tagging"; body[0] a TextualBody with purpose "tagging" whose
//   value is the label name; the note, if any, a TextualBody with purpose "commenting"; target the
//   document IRI with a TextQuoteSelector and a TextPositionSelector (code points, end exclusive:
//   exactly the model's rule, so our offsets need no conversion).
// - The target's source is the document's IRI here; `wb:textHash` (urn:sha256 of the canonical text)
//   and `wb:sourceUrl` name the text by content and origin, so the file imports into any project
//   (any instance) holding the same text, or a version of the same page. With `embedText` the first
//   annotation of each document carries its text as `wb:text`, so the file imports anywhere.
// - What the model has no term for — label kind, attributes, review state, gold, version — goes in
//   extension properties under the `wb:` prefix, declared in an extra @context after anno.jsonld
//   (the model requires anno.jsonld to be one of the contexts). `wb:attributes` is typed @json so a
//   JSON-LD processor keeps the object verbatim instead of reading it as a graph node; that needs
//   JSON-LD 1.1, hence "@version": 1.1 (1.0 processors refuse it; plain-JSON readers never notice).
// - Relations (claim → claimant, event → location/participant) are separate annotations with
//   motivation "linking": target the source annotation's IRI, body the linked annotation (a
//   SpecificResource) plus a tagging TextualBody naming the relation type. Their ids are fragment
//   IRIs of the source annotation, since relations have no route of their own.
import type { DocumentBatch, ExportAnnotation, ExportProject, ExportRelation } from "@/lib/formats/types";
import { relationsAmong, type ExportSummary, type TextExportWriter } from "@/lib/formats/writer";
import { runAtOnce, type Steps } from "@/lib/run-in-slices";

export const ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld";

export type W3cOptions = {
  /** Absolute URL the IRIs are minted under, e.g. "https://annotate.example.org". */
  baseUrl: string;
  project: ExportProject;
  /** Carry each document's text, once, as `wb:text` in the target of its first annotation. */
  embedText?: boolean;
};

export type W3cSummary = ExportSummary & { relations: number; items: number };

export function createW3cWriter({ baseUrl, project, embedText = false }: W3cOptions): TextExportWriter<W3cSummary> {
  const base = absoluteBase(baseUrl);
  const collectionId = `${base}/api/projects/${project.id}/annotations/w3c`;
  const pageId = `${collectionId}?page=0`;
  const annotationIri = (id: string) => `${base}/api/annotations/${id}`;
  const summary: W3cSummary = { documents: 0, annotations: 0, relations: 0, items: 0 };

  // Written as a template rather than an object passed to JSON.stringify: a million annotations
  // are most of an export's time otherwise (bench/export.ts). Every string value still goes through
  // JSON.stringify, so the output is the same JSON, key for key.
  const q = JSON.stringify;
  // The parts that repeat for every annotation of one label or one author, made once.
  const cached = <K>(make: (key: K) => string) => {
    const parts = new Map<K, string>();
    return (key: K) => {
      let part = parts.get(key);
      if (part === undefined) parts.set(key, (part = make(key)));
      return part;
    };
  };
  const labelPart = cached((label: ExportAnnotation["label"]) => `"wb:kind":${q(label.kind)},"wb:labelId":${q(label.id)}`);
  const tagPart = cached((label: ExportAnnotation["label"]) => `{"type":"TextualBody","purpose":"tagging","value":${q(label.name)}}`);
  const creators = new Map<string, { name: string; json: string }>();
  const creatorOf = (a: ExportAnnotation) => {
    const known = creators.get(a.authorId);
    if (known?.name === a.authorName) return known.json;
    const json = `{"id":${iri("/users/", a.authorId)},"type":"Person","name":${q(a.authorName)}}`;
    creators.set(a.authorId, { name: a.authorName, json });
    return json;
  };
  // Ids are UUIDs, timestamps ISO strings and states enum names: nothing in them needs escaping, so
  // only free text (names, quotes, notes, attributes) goes through JSON.stringify. The base URL is
  // checked once.
  const safeBase = q(base) === `"${base}"` ? base : null;
  const iri = (path: string, id: string) => (safeBase !== null && /^[0-9a-f-]{36}$/.test(id) ? `"${safeBase}${path}${id}"` : q(`${base}${path}${id}`));
  const plain = (value: string) => (/^[\w:.+-]*$/.test(value) ? `"${value}"` : q(value));
  const attributesJson = (attributes: Record<string, unknown>) => {
    for (const _ in attributes) return q(attributes);
    return "{}";
  };
  function span(a: ExportAnnotation, textIds: string): string {
    const note = a.note ? `,{"type":"TextualBody","purpose":"commenting","value":${q(a.note)},"format":"text/plain"}` : "";
    // The knowledge-base item the span names: an "identifying" body, as the model has for entity links.
    const canonical = a.canonical
      ? `,{"type":"SpecificResource","purpose":"identifying","source":${q(`${base}/projects/${project.id}/knowledge/${a.canonical.id}`)},"wb:name":${q(a.canonical.name)}}`
      : "";
    return (
      `{"id":${iri("/api/annotations/", a.id)},"type":"Annotation","motivation":"tagging","created":${plain(a.createdAt)},"modified":${plain(a.updatedAt)},` +
      `"creator":${creatorOf(a)},"body":[${tagPart(a.label)}${note}${canonical}],` +
      `"target":{"source":${iri("/documents/", a.documentId)}${textIds},"selector":[` +
      `{"type":"TextQuoteSelector","exact":${q(a.exact)},"prefix":${q(a.prefix)},"suffix":${q(a.suffix)}},` +
      `{"type":"TextPositionSelector","start":${a.start},"end":${a.end}}]},` +
      `${labelPart(a.label)},"wb:reviewState":${plain(a.reviewState)},"wb:gold":${a.gold},"wb:version":${a.version},"wb:attributes":${attributesJson(a.attributes)}}`
    );
  }

  function link(r: ExportRelation, from: ExportAnnotation) {
    return {
      id: `${annotationIri(r.fromId)}#${encodeURIComponent(r.type)}-${r.toId}`,
      type: "Annotation",
      motivation: "linking",
      created: from.createdAt,
      modified: from.updatedAt,
      creator: { id: `${base}/users/${from.authorId}`, type: "Person", name: from.authorName },
      body: [
        { type: "SpecificResource", source: annotationIri(r.toId), purpose: "linking" },
        { type: "TextualBody", purpose: "tagging", value: r.type },
      ],
      target: annotationIri(r.fromId),
    };
  }

  // Each item on its own line: readable, and diffable between two exports.
  const item = (value: object | string) => (summary.items++ === 0 ? "\n" : ",\n") + (typeof value === "string" ? value : JSON.stringify(value));

  return {
    kind: "text",
    contentType: `application/ld+json; profile="${ANNO_CONTEXT}"`,
    extension: "jsonld",
    summary: () => ({ ...summary }),
    header() {
      const context = [ANNO_CONTEXT, { "@version": 1.1, wb: `${base}/ns/workbench#`, "wb:attributes": { "@type": "@json" } }];
      const head = JSON.stringify({ "@context": context, id: collectionId, type: "AnnotationCollection", label: `${project.name} — annotations` });
      // Reopen the object to append `first`, whose items the batches fill in.
      return `${head.slice(0, -1)},"first":{"id":${JSON.stringify(pageId)},"type":"AnnotationPage","startIndex":0,"items":[`;
    },
    batch: (batch: DocumentBatch) => runAtOnce(batchSteps(batch)).join(""),
    batchSteps,
    footer() {
      return `\n]},"total":${summary.items},"last":${JSON.stringify(pageId)}}\n`;
    },
  };

  /** One document's items, pausing every thousand annotations (a long document's are 10 µs each). */
  function* batchSteps({ document, annotations, relations }: DocumentBatch): Steps<string[]> {
    summary.documents++;
    const pieces: string[] = [];
    let out = "";
    // The text by its content (and where it was published), so another project holding the same text finds it.
    const textIds =
      (document.contentHash ? `,"wb:textHash":${q(`urn:sha256:${document.contentHash}`)}` : "") +
      (document.sourceUrl ? `,"wb:sourceUrl":${q(document.sourceUrl)}` : "");
    for (const [i, a] of annotations.entries()) {
      if (i % 1000 === 999) {
        pieces.push(out);
        out = "";
        yield;
      }
      out += item(span(a, i === 0 && embedText ? `${textIds},"wb:text":${q(document.text)}` : textIds));
      summary.annotations++;
    }
    const byId = new Map(annotations.map((a) => [a.id, a]));
    for (const [k, r] of relationsAmong(annotations, relations).entries()) {
      if (k % 1000 === 999) {
        pieces.push(out);
        out = "";
        yield;
      }
      out += item(link(r, byId.get(r.fromId)!));
      summary.relations++;
    }
    pieces.push(out);
    return pieces;
  }
}

/** The base URL without a trailing slash; refuses relative URLs, which would make the IRIs invalid. */
export function absoluteBase(baseUrl: string): string {
  const url = new URL(baseUrl); // throws on relative input
  return url.href.replace(/\/+$/, "");
}
