// W3C Web Annotation Data Model (https://www.w3.org/TR/annotation-model/) in JSON-LD, compacted
// with anno.jsonld as tools write it: one Annotation, an array of them, an AnnotationPage, or an
// AnnotationCollection whose pages are embedded (`first`, then each `next`). Hypothesis and
// Recogito follow the model; Hypothesis's own export ({"annotations": [...]} with "tags" and
// "text") is read too. Our export (lib/formats/w3c.ts) round-trips, with its `wb:` extensions and
// its "linking" annotations as relations.
//
// The model's TextPositionSelector counts code points. Hypothesis and Recogito run in the browser
// and count UTF-16 units: pass `offsetUnit: "utf16"` for their files. The quote corrects either way.
import { runAtOnce, type Steps } from "@/lib/run-in-slices";
import { canonicalizeText } from "@/lib/anchoring/canonical-text";
import type { OffsetUnit } from "@/lib/anchoring/reanchor";
import { decodeContent, jsonOfContent } from "@/lib/formats/import/raw-text";
import type { FileContent, ImportProblem, ParsedAnnotation, ParsedAnnotationSet, ParsedDocument, ParsedRelation } from "@/lib/formats/import/types";
import type { ReviewState } from "@/lib/formats/types";

export type W3cOptions = { offsetUnit?: OffsetUnit };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
const str = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : undefined);

/** JSON-LD `type` (or `@type`), one value or several. */
const typesOf = (o: Json): string[] => asArray(o.type ?? o["@type"]).filter((t): t is string => typeof t === "string");
const hasType = (o: Json, type: string) => typesOf(o).some((t) => t === type || t.endsWith(`#${type}`) || t === `oa:${type}`);
const idOf = (o: Json) => str(o.id) ?? str(o["@id"]);

/** Our document IRIs end in /documents/<uuid>. */
const OUR_DOCUMENT = /\/documents\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:[/?#]|$)/i;
const REVIEW_STATES: readonly string[] = ["PENDING", "ACCEPTED", "REJECTED"] satisfies ReviewState[];
/** Follow at most this many embedded pages (a cycle of embedded objects cannot come from JSON, but a deep chain can). */
const MAX_PAGES = 100_000;

/** The parse error with its line, when the JSON engine says where it is. */
function jsonError(content: string, error: unknown): string {
  const message = (error as Error).message;
  const position = /position (\d+)/.exec(message);
  if (!position || /line \d+/.test(message)) return message;
  const line = content.slice(0, Number(position[1])).split("\n").length;
  return `${message} (line ${line})`;
}

/** The annotations a JSON value holds, in order; problems for containers that cannot be followed. */
function itemsOf(root: unknown, problem: (message: string) => void): unknown[] {
  if (Array.isArray(root)) return root;
  if (!isObject(root)) {
    problem("expected a JSON object or array of W3C annotations");
    return [];
  }
  if (Array.isArray(root["@graph"])) return root["@graph"];
  if (hasType(root, "Annotation")) return [root];
  const items: unknown[] = [];
  const readPages = (first: unknown, what: string) => {
    let page = first;
    for (let n = 0; page !== undefined && page !== null; n++) {
      if (typeof page === "string") {
        problem(`the ${n === 0 ? what : "next page"} is only referenced (${page}), not included in the file; export with the pages embedded`);
        return;
      }
      if (!isObject(page) || n >= MAX_PAGES) {
        problem(`the ${n === 0 ? what : "next page"} is not an AnnotationPage object`);
        return;
      }
      items.push(...asArray(page.items));
      page = page.next;
    }
  };
  if (hasType(root, "AnnotationCollection")) {
    items.push(...asArray(root.items));
    if (root.first === undefined && root.items === undefined) problem("the AnnotationCollection has no first page and no items");
    else if (root.first !== undefined) readPages(root.first, "collection's first page");
    return items;
  }
  if (hasType(root, "AnnotationPage")) {
    readPages(root, "page");
    return items;
  }
  // Hypothesis's export: {"export_date", "annotations": [...]}.
  if (Array.isArray(root.annotations)) return root.annotations;
  if (root.target !== undefined) return [root];
  problem("not a W3C Web Annotation file: expected an Annotation, AnnotationPage or AnnotationCollection");
  return [];
}

type Selection = { source?: string; start?: number; end?: number; exact?: string; prefix?: string; suffix?: string; contentHash?: string; sourceUrl?: string; text?: string };

const SHA256_URN = /^urn:sha256:([0-9a-f]{64})$/i;

/** The textual target: its source and what its TextQuote/TextPosition selectors say. */
function selectionOf(target: unknown, problem: (message: string) => void): Selection | null {
  const targets = asArray(target);
  if (targets.length === 0) {
    problem("has no target; skipped");
    return null;
  }
  const withSelector = targets.filter((t) => isObject(t) && t.selector !== undefined);
  const chosen = withSelector[0] ?? targets[0];
  if (withSelector.length > 1) problem(`has ${withSelector.length} targets with selectors; only the first was read`);
  if (typeof chosen === "string") {
    problem(`targets the whole resource ${chosen}, not a passage of its text; skipped`);
    return null;
  }
  if (!isObject(chosen)) {
    problem("has a target that is neither an IRI nor an object; skipped");
    return null;
  }
  const source = isObject(chosen.source) ? idOf(chosen.source) : (str(chosen.source) ?? (chosen.selector === undefined ? undefined : idOf(chosen)));
  const selection: Selection = { source };
  // Our export names the text by content and origin as well (lib/formats/w3c.ts).
  const hash = SHA256_URN.exec(str(chosen["wb:textHash"]) ?? source ?? "");
  if (hash) selection.contentHash = hash[1].toLowerCase();
  if (typeof chosen["wb:text"] === "string" && chosen["wb:text"]) selection.text = chosen["wb:text"];
  const origin = str(chosen["wb:sourceUrl"]);
  if (origin && /^https?:\/\//i.test(origin)) selection.sourceUrl = origin;
  for (const selector of asArray(chosen.selector)) {
    if (!isObject(selector)) continue;
    // `refinedBy` narrows a selector further (e.g. a fragment, then a position); not read.
    if (hasType(selector, "TextQuoteSelector") && selection.exact === undefined && typeof selector.exact === "string") {
      selection.exact = selector.exact;
      if (typeof selector.prefix === "string") selection.prefix = selector.prefix;
      if (typeof selector.suffix === "string") selection.suffix = selector.suffix;
    } else if (hasType(selector, "TextPositionSelector") && selection.start === undefined) {
      if (Number.isInteger(selector.start) && Number.isInteger(selector.end)) {
        selection.start = selector.start as number;
        selection.end = selector.end as number;
      } else {
        problem(`has a TextPositionSelector without whole-number start and end (${JSON.stringify(selector.start)}, ${JSON.stringify(selector.end)}); its quote is used`);
      }
    }
  }
  if (selection.exact === undefined && selection.start === undefined) {
    const kinds = asArray(chosen.selector).filter(isObject).flatMap(typesOf);
    problem(`has no TextQuoteSelector or TextPositionSelector${kinds.length ? ` (only ${kinds.join(", ")})` : ""}; skipped`);
    return null;
  }
  return selection;
}

/** A body's purposes (`purpose` may be one value or several). */
const purposesOf = (body: Json) => asArray(body.purpose).filter((p): p is string => typeof p === "string");
const valueOf = (body: Json) => (typeof body.value === "string" ? body.value : typeof body.chars === "string" ? body.chars : undefined);

/** Label, extra tags and note from the bodies. */
function bodiesOf(annotation: Json): { label?: string; extraTags: string[]; note?: string } {
  const bodies = asArray(annotation.body);
  if (typeof annotation.bodyValue === "string") bodies.push({ type: "TextualBody", value: annotation.bodyValue });
  const tags: string[] = [];
  const notes: string[] = [];
  const untyped: string[] = [];
  for (const body of bodies) {
    if (typeof body === "string") {
      tags.push(body);
      continue;
    }
    if (!isObject(body)) continue;
    const value = valueOf(body);
    const purposes = purposesOf(body);
    if (purposes.includes("tagging") || purposes.includes("classifying")) {
      const tag = str(value) ?? (isObject(body.source) ? idOf(body.source) : str(body.source));
      if (tag) tags.push(tag);
    } else if (purposes.some((p) => p === "commenting" || p === "describing" || p === "replying")) {
      // A note is kept as written: leading and trailing white space can matter (indented quotes, code).
      if (value?.trim()) notes.push(value);
    } else if (value?.trim()) {
      untyped.push(value);
    }
  }
  // Hypothesis's own export: "tags" and "text".
  for (const tag of asArray(annotation.tags)) if (typeof tag === "string" && tag.trim()) tags.push(tag.trim());
  if (typeof annotation.text === "string" && annotation.text.trim()) notes.push(annotation.text);

  const motivations = asArray(annotation.motivation);
  const commentary = motivations.includes("commenting") || motivations.includes("replying");
  // A body without a purpose names the label (e.g. {"body": {"value": "Person"}}), unless the
  // annotation is a comment or already has tags, in which case it is a note (Hypothesis's text).
  if (tags.length === 0 && !commentary && untyped.length > 0) tags.push(untyped.shift()!.trim());
  notes.push(...untyped);
  const [label, ...extraTags] = tags;
  return { label: label?.trim(), extraTags, note: notes.length ? notes.join("\n\n") : undefined };
}

function creatorOf(annotation: Json): string | undefined {
  const creator = asArray(annotation.creator)[0];
  if (typeof creator === "string") return str(creator);
  if (isObject(creator)) return str(creator.name) ?? str(creator.nickname) ?? idOf(creator);
  const userInfo = isObject(annotation.user_info) ? annotation.user_info : {};
  return str(userInfo.display_name) ?? str(annotation.user);
}

/** The IRI of a link end: a string, or an object's id or source. */
const iriOf = (v: unknown) => (typeof v === "string" ? str(v) : isObject(v) ? (str(v.source) ?? idOf(v)) : undefined);

export function parseW3c(fileName: string, content: FileContent, options: W3cOptions = {}): ParsedAnnotationSet {
  return runAtOnce(parseW3cSteps(fileName, content, options));
}

/** parseW3c in steps (run-in-slices.ts): a request parsing a large file pauses every thousand annotations. */
export function* parseW3cSteps(fileName: string, content: FileContent, options: W3cOptions = {}): Steps<ParsedAnnotationSet> {
  const offsetUnit = options.offsetUnit ?? "codepoint";
  const problems: ImportProblem[] = [];
  const result: ParsedAnnotationSet = { format: "w3c", documents: [], problems };
  const fileProblem = (message: string) => problems.push({ file: fileName, message });
  const decoded = decodeContent(content);
  if ("error" in decoded) {
    fileProblem(decoded.error);
    return result;
  }
  const json = decoded.text.replace(/^\uFEFF/, "");
  let root: unknown;
  try {
    root = jsonOfContent(content, json);
  } catch (error) {
    fileProblem(`not valid JSON: ${jsonError(json, error)}`);
    return result;
  }

  const documents = new Map<string, ParsedDocument>();
  const documentOf = new Map<string, ParsedDocument>(); // annotation key → its document
  const links: { key: string; from?: string; to?: string; type: string }[] = [];

  const items = itemsOf(root, fileProblem);
  for (let index = 0; index < items.length; index++) {
    if (index % 1000 === 999) yield;
    const item = items[index];
    const name = isObject(item) ? (idOf(item) ?? `item ${index + 1}`) : `item ${index + 1}`;
    const problem = (message: string) => fileProblem(`annotation ${name} ${message}`);
    if (!isObject(item) || !(hasType(item, "Annotation") || item.target !== undefined)) {
      fileProblem(`item ${index + 1} is not an annotation; skipped`);
      continue;
    }
    const { label, extraTags, note } = bodiesOf(item);
    const motivations = asArray(item.motivation);

    // A link between two annotations (how our export writes relations).
    if (motivations.includes("linking")) {
      const linked = asArray(item.body).find((b) => typeof b === "string" || (isObject(b) && !purposesOf(b).includes("tagging") && iriOf(b)));
      links.push({ key: name, from: iriOf(asArray(item.target)[0]), to: iriOf(linked), type: label ?? "linked" });
      continue;
    }

    if (documentOf.has(name)) {
      problem("appears twice; kept the first");
      continue;
    }
    const selection = selectionOf(item.target, problem);
    if (!selection) continue;
    if (!label) {
      problem("has no label (no body with purpose \"tagging\" or \"classifying\", and no plain body value); skipped");
      continue;
    }
    if (extraTags.length) {
      const left = extraTags.map((t) => JSON.stringify(t)).join(", ");
      problem(`has ${extraTags.length + 1} tags; the first, ${JSON.stringify(label)}, is its label; ${left} ${extraTags.length === 1 ? "was" : "were"} left out`);
    }

    const source = selection.source ?? str(item.uri);
    const documentKey = source ?? fileName;
    let document = documents.get(documentKey);
    if (!document) {
      const ours = source ? OUR_DOCUMENT.exec(source)?.[1].toLowerCase() : undefined;
      document = { key: documentKey, annotations: [], relations: [] };
      if (ours) document.documentId = ours;
      else if (source && /^https?:\/\//i.test(source)) document.sourceUrl = source;
      if (selection.contentHash) document.contentHash = selection.contentHash;
      if (selection.sourceUrl) document.sourceUrl = selection.sourceUrl;
      documents.set(documentKey, document);
    }
    // Our export's embedText: the document's text, once, in its first annotation's target.
    if (selection.text !== undefined && document.text === undefined) document.text = canonicalizeText(selection.text);

    const annotation: ParsedAnnotation = { key: name, label, attributes: {}, offsetUnit };
    for (const field of ["start", "end", "exact", "prefix", "suffix"] as const) {
      if (selection[field] !== undefined) Object.assign(annotation, { [field]: selection[field] });
    }
    if (isObject(item["wb:attributes"])) annotation.attributes = { ...item["wb:attributes"] };
    if (note) annotation.note = note;
    const creatorName = creatorOf(item);
    if (creatorName) annotation.creatorName = creatorName;
    const reviewState = item["wb:reviewState"];
    if (typeof reviewState === "string" && REVIEW_STATES.includes(reviewState)) annotation.reviewState = reviewState as ReviewState;
    document.annotations.push(annotation);
    documentOf.set(name, document);
  }

  for (const link of links) {
    const document = link.from ? documentOf.get(link.from) : undefined;
    if (!link.from || !link.to) fileProblem(`link ${link.key} does not name the two annotations it links; skipped`);
    else if (!document) fileProblem(`link ${link.key} starts at ${link.from}, which is not an annotation in this file; skipped`);
    else if (documentOf.get(link.to) !== document) fileProblem(`link ${link.key} ends at ${link.to}, which is not an annotation of the same document in this file; skipped`);
    else (document.relations as ParsedRelation[]).push({ fromKey: link.from, toKey: link.to, type: link.type });
  }

  result.documents = [...documents.values()];
  if (result.documents.length === 0 && problems.length === 0) fileProblem("the file holds no annotations");
  return result;
}
