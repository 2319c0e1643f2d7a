// brat standoff (https://brat.nlplab.org/standoff.html): per document `<name>.txt` (the text,
// unchanged) and `<name>.ann`; at the end `annotation.conf` and `visual.conf`, so the unzipped
// folder opens as a brat collection. The rules below follow brat's reader (server/src/annotation.py
// and projectconfig.py); the test re-implements its checks.
//
// - Offsets: brat reads the .txt as a Python 3 str, so offsets are code points — ours, unchanged.
//   (Python 2 "narrow" builds counted UTF-16 units; such brat installs misplace spans after emoji.)
// - Line breaks: brat reads the .ann line by line, so the quote column cannot hold one. A span that
//   crosses a line break is written as a discontinuous span, `T1\tType s1 e1;s2 e2\tq1 q2`, split
//   at every character Python treats as a line boundary; brat checks the quote against the
//   fragments' texts joined by one space. Empty fragments (between two breaks) are left out; a span
//   of nothing but line breaks cannot be written at all and is counted as skipped.
// - Types: brat type names must be in its storage form [A-Za-z0-9_-] (no spaces). Label names are
//   mapped to that form (accents stripped, anything else → "_", "_2" … on a clash) per label id;
//   visual.conf shows the original names (of labels and typed relations) and colours, and the
//   summary lists the mapping; the importer reads the names back from it.
// - Every annotation is a T line. An event's is the trigger of an E line whose arguments are its
//   participants ("Participant", "Participant2" …) and location ("Location"); event labels are
//   declared under [events]. Other relations (claimant, typed ones) are R lines, naming an event by
//   its E id. Stance and modality are brat attributes (A lines, multi-valued
//   attributes in annotation.conf), and so are the extra attributes an import kept (`extra`, named
//   as they came, on the E id of an event); everything else brat cannot type — other attributes, the note,
//   annotator (name and user id), review state, gold — goes into one AnnotatorNotes comment per span.
// - Knowledge-base links are normalisations: `N1\tReference T1 Wikidata:Q42\tDouglas Adams`, one per
//   external id of the item, or `workbench:<item id>` for an item that has none, so that the links
//   survive a trip through brat. Spans of one document (and layer) linked to one item are also an
//   equivalence, `*\tEquiv T1 T4`, which is how brat shows co-reference.
// - Layers apart (the default export): one folder per layer (`<annotator>/`, `gold/`), each with the
//   .txt and .ann of the documents that layer annotated; annotation.conf and visual.conf sit above
//   them, where brat looks for a collection's configuration when a folder has none of its own.
// - Overlapping spans are fine in brat's data; annotation.conf declares <OVERLAP> for any entity
//   pair so brat's validator accepts them.
import { OffsetMap } from "@/lib/anchoring/offsets";
import { ATTRIBUTE_RELATIONS, type DocumentBatch, type ExportAnnotation, type ExportDocument, type ExportLabel, type ExportRelation } from "@/lib/formats/types";
import { relationsAmong, type ExportFile, type ExportSummary, type FilesExportWriter } from "@/lib/formats/writer";
import { runAtOnce, type Steps } from "@/lib/run-in-slices";

export type BratSummary = ExportSummary & {
  relations: number;
  attributes: number;
  /** N lines (knowledge-base links) and * lines (equivalences) written. */
  normalizations: number;
  equivalences: number;
  /** Spans written as several fragments because they cross a line break. */
  spansFragmented: number;
  /** Spans consisting only of line breaks, which brat cannot represent. */
  spansSkipped: number;
  /** Label name → brat type name, for every label written (equal when no change was needed). */
  typeNames: Record<string, string>;
};

/** brat's normalization reference, "DB:id" (brat splits it at the first colon). */
export const EXTERNAL_ID = /^[^\s:]+:\S+$/;
/** The reference written for a knowledge-base item that has no external id. */
export const WORKBENCH_REFERENCE = "workbench:";
/** Where attributes from other tools that the label scheme lacks are kept (lib/schemas/annotation.ts). */
const EXTRA = "extra";
/** A name or value brat can store in an A line. */
const BRAT_TOKEN = /^[A-Za-z0-9_-]+$/;

/** Python's str.splitlines() boundaries: brat must never see one inside an .ann line. */
const LINE_BREAK = /[\n\r\v\f\u001c\u001d\u001e\u0085\u2028\u2029]/;
const LINE_BREAKS = new RegExp(LINE_BREAK.source, "g");

/** Our attributes brat can carry as typed, multi-valued attributes. */
const BRAT_ATTRIBUTES = new Map([
  ["stance", "Stance"],
  ["modality", "Modality"],
]);
const RELATION_ATTRIBUTES = new Set<string>(ATTRIBUTE_RELATIONS.map((r) => r.attribute));
/** Our event links as brat event argument roles (brat numbers a repeated role: Participant2). */
const EVENT_ROLES = new Map([
  ["participant", "Participant"],
  ["location", "Location"],
]);
/** Names brat's configuration reserves or we use for relations and attributes. */
const RESERVED = ["ANY", "ENTITY", "RELATION", "EVENT", "NONE", "REL-TYPE", "SPAN_DEFAULT", "ARC_DEFAULT", "ENTITY-NESTING", "AnnotatorNotes", "Equiv"];

type Fragment = { start: number; end: number; text: string };

type Layers = { folder: string; annotations: ExportAnnotation[] }[];

export type BratWriter = FilesExportWriter<BratSummary> & {
  /** One document's files in each layer's folder (`folder/name.txt`, `folder/name.ann`), one name for all. */
  batchInFolders(batch: DocumentBatch, layers: Layers): ExportFile[];
  /** batchInFolders() in steps (run-in-slices.ts), as a request runs it. */
  batchInFoldersSteps(batch: DocumentBatch, layers: Layers): Steps<ExportFile[]>;
};

export function createBratWriter(): BratWriter {
  const summary: BratSummary = { documents: 0, annotations: 0, relations: 0, attributes: 0, normalizations: 0, equivalences: 0, spansFragmented: 0, spansSkipped: 0, typeNames: {} };
  // Tables that grow with the number of labels and documents' names, not with annotations.
  const usedTypes = new Set<string>([...RESERVED, ...BRAT_ATTRIBUTES.values(), ...ATTRIBUTE_RELATIONS.map((r) => r.type)]);
  const entityTypes = new Map<string, { type: string; label: ExportLabel }>(); // by label id
  const relationArgs = new Map<string, { from: Set<string>; to: Set<string> }>();
  const attributeValues = new Map<string, Set<string>>();
  const attributeTargets = new Map<string, Set<string>>(); // attribute → "<ENTITY>" and/or "<EVENT>"
  let equivalenceWritten = false;
  const eventArgs = new Map<string, Map<string, Set<string>>>(); // event type → role → argument types
  const usedNames = new Set<string>();

  function typeOf(label: ExportLabel): string {
    const known = entityTypes.get(label.id);
    if (known) return known.type;
    const base = storageForm(label.name) || "Label";
    let type = base;
    for (let n = 2; usedTypes.has(type); n++) type = `${base}_${n}`;
    usedTypes.add(type);
    entityTypes.set(label.id, { type, label });
    summary.typeNames[label.name] = type;
    return type;
  }

  // Typed relations ("member of") need brat type names too; the attribute links keep theirs.
  const relationTypes = new Map<string, string>();
  function relationTypeOf(name: string): string {
    if (ATTRIBUTE_RELATIONS.some((r) => r.type === name)) return name;
    const known = relationTypes.get(name);
    if (known) return known;
    const base = storageForm(name) || "Relation";
    let type = base;
    for (let n = 2; usedTypes.has(type); n++) type = `${base}_${n}`;
    usedTypes.add(type);
    relationTypes.set(name, type);
    summary.typeNames[name] = type;
    return type;
  }

  /** A document's .ann file, pausing every two thousand annotations in each pass over them. */
  function* ann(document: ExportDocument, annotations: ExportAnnotation[], typed: ExportRelation[] = []): Steps<string> {
    const map = new OffsetMap(document.text);
    const lines: string[] = [];
    const textBound = new Map<string, { id: string; type: string }>();
    let seen = 0;
    const pause = () => ++seen % 2000 === 0;
    for (const a of annotations) {
      if (pause()) yield;
      const parts = fragments(map, a.start, a.end);
      if (parts.length === 0) {
        summary.spansSkipped++;
        continue;
      }
      if (parts.length > 1) summary.spansFragmented++;
      const id = `T${textBound.size + 1}`;
      const type = typeOf(a.label);
      textBound.set(a.id, { id, type });
      summary.annotations++;
      lines.push(`${id}\t${type} ${parts.map((f) => `${f.start} ${f.end}`).join(";")}\t${parts.map((f) => f.text).join(" ")}`);
    }

    // An event's E id is known before its line is written: brat puts attributes and normalisations of an event on it.
    const eventIds = new Map<string, string>();
    for (const a of annotations) if (a.label.kind === "EVENT" && textBound.has(a.id)) eventIds.set(a.id, `E${eventIds.size + 1}`);
    const ref = (annotationId: string) => eventIds.get(annotationId) ?? textBound.get(annotationId)?.id;

    let attributeCount = 0;
    let noteCount = 0;
    let normalizationCount = 0;
    for (const a of annotations) {
      if (pause()) yield;
      const target = textBound.get(a.id)?.id;
      if (!target) continue;
      const notes = a.note ? [a.note] : [];
      for (const [key, value] of Object.entries(a.attributes)) {
        if (RELATION_ATTRIBUTES.has(key) || value === undefined) continue; // written as R lines below
        const attribute = BRAT_ATTRIBUTES.get(key);
        if (key === EXTRA && value !== null && typeof value === "object" && !Array.isArray(value)) {
          for (const [name, v] of Object.entries(value)) {
            if (BRAT_TOKEN.test(name) && (v === true || (typeof v === "string" && BRAT_TOKEN.test(v)))) {
              lines.push(`A${++attributeCount}\t${name} ${ref(a.id)}${v === true ? "" : ` ${v}`}`);
              declareAttribute(name, eventIds.has(a.id) ? "<EVENT>" : "<ENTITY>", v === true ? undefined : v);
              summary.attributes++;
            } else {
              notes.push(`${name}: ${typeof v === "string" ? v : JSON.stringify(v)}`);
            }
          }
        } else if (attribute && typeof value === "string" && BRAT_TOKEN.test(value)) {
          lines.push(`A${++attributeCount}\t${attribute} ${target} ${value}`);
          declareAttribute(attribute, "<ENTITY>", value);
          summary.attributes++;
        } else {
          notes.push(`${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`);
        }
      }
      notes.push(`annotator: ${a.authorName}`, `annotator_id: ${a.authorId}`, `review: ${a.reviewState.toLowerCase()}`);
      if (a.gold) notes.push("gold");
      lines.push(`#${++noteCount}\tAnnotatorNotes ${target}\t${notes.join(" | ").replace(LINE_BREAKS, " ")}`);
      if (a.canonical) {
        const references = (a.canonical.externalIds ?? []).filter((r) => EXTERNAL_ID.test(r));
        const name = a.canonical.name.replace(LINE_BREAKS, " ").replace(/\t/g, " ").trim();
        for (const reference of references.length ? references : [`${WORKBENCH_REFERENCE}${a.canonical.id}`]) {
          lines.push(`N${++normalizationCount}\tReference ${ref(a.id)} ${reference}${name ? `\t${name}` : ""}`);
          summary.normalizations++;
        }
      }
    }

    // Spans of one item are equivalent (events keep their normalisations only: brat's Equiv joins
    // entities). One line per type, since brat's validator wants an Equiv's members of one type;
    // the N lines still tie the types together.
    const coreferent = new Map<string, string[]>();
    for (const a of annotations) {
      const span = textBound.get(a.id);
      if (!a.canonical || !span || eventIds.has(a.id)) continue;
      const key = `${a.canonical.id} ${span.type}`;
      const ids = coreferent.get(key);
      if (ids) ids.push(span.id);
      else coreferent.set(key, [span.id]);
    }
    for (const ids of coreferent.values()) {
      if (ids.length < 2) continue;
      lines.push(`*\tEquiv ${ids.join(" ")}`);
      equivalenceWritten = true;
      summary.equivalences++;
    }

    // Events are E lines: the trigger span with its participants and location as arguments.
    const all = relationsAmong(annotations, typed);
    // Each event's argument links, in the order of `all`: found by lookup, not by a scan of every relation per event.
    const argumentsOf = new Map<string, ExportRelation[]>();
    for (const r of all) {
      if (!eventIds.has(r.fromId) || !EVENT_ROLES.has(r.type) || !textBound.has(r.toId)) continue;
      const list = argumentsOf.get(r.fromId);
      if (list) list.push(r);
      else argumentsOf.set(r.fromId, [r]);
    }
    for (const a of annotations) {
      if (pause()) yield;
      const trigger = textBound.get(a.id);
      const id = eventIds.get(a.id);
      if (!trigger || !id) continue;
      const roles = new Map<string, number>();
      const args = (argumentsOf.get(a.id) ?? []).map((r) => {
        const role = EVENT_ROLES.get(r.type)!;
        const n = (roles.get(role) ?? 0) + 1;
        roles.set(role, n);
        const end = textBound.get(r.toId)!;
        const kinds = eventArgs.get(trigger.type) ?? new Map<string, Set<string>>();
        eventArgs.set(trigger.type, kinds.set(role, (kinds.get(role) ?? new Set<string>()).add(end.type)));
        summary.relations++;
        return ` ${role}${n > 1 ? n : ""}:${eventIds.get(r.toId) ?? end.id}`;
      });
      eventArgs.set(trigger.type, eventArgs.get(trigger.type) ?? new Map());
      lines.push(`${id}\t${trigger.type}:${trigger.id}${args.join("")}`);
    }

    let relationCount = 0;
    for (const r of all) {
      if (pause()) yield;
      if (eventIds.has(r.fromId) && EVENT_ROLES.has(r.type)) continue; // an E line's argument
      const from = textBound.get(r.fromId);
      const to = textBound.get(r.toId);
      if (!from || !to) continue; // an end was skipped
      const type = relationTypeOf(r.type);
      lines.push(`R${++relationCount}\t${type} Arg1:${ref(r.fromId)} Arg2:${ref(r.toId)}`);
      const args = relationArgs.get(type) ?? { from: new Set<string>(), to: new Set<string>() };
      args.from.add(from.type);
      args.to.add(to.type);
      relationArgs.set(type, args);
      summary.relations++;
    }
    return lines.map((l) => l + "\n").join("");
  }

  /** An attribute for annotation.conf: what it may be set on, and its values (none for a flag). */
  function declareAttribute(attribute: string, on: string, value: string | undefined) {
    const values = attributeValues.get(attribute) ?? new Set<string>();
    if (value !== undefined) values.add(value);
    attributeValues.set(attribute, values);
    attributeTargets.set(attribute, (attributeTargets.get(attribute) ?? new Set<string>()).add(on));
  }

  function annotationConf(): string {
    const entities = [...entityTypes.values()].map((e) => e.type).filter((type) => !eventArgs.has(type));
    const events = [...eventArgs].map(([type, roles]) => [type, [...roles].map(([role, types]) => `${role}${role === "Participant" ? "*" : "?"}:${[...types].join("|")}`).join(", ")].filter(Boolean).join("\t"));
    const relations = [...relationArgs].map(([type, { from, to }]) => `${type}\tArg1:${[...from].join("|")}, Arg2:${[...to].join("|")}`);
    const attributes = [...attributeValues].map(([name, values]) => `${name}\tArg:${[...attributeTargets.get(name)!].join("|")}${values.size ? `, Value:${[...values].join("|")}` : ""}`);
    return [
      "# brat annotation configuration written by the annotation workbench export.",
      "# Type names are label names in brat's storage form; visual.conf shows the original names.",
      "[entities]",
      ...entities,
      "",
      "[relations]",
      ...relations,
      "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>",
      ...(equivalenceWritten ? ["Equiv\tArg1:<ENTITY>, Arg2:<ENTITY>, <REL-TYPE>:symmetric-transitive"] : []),
      "",
      "[events]",
      ...events,
      "",
      "[attributes]",
      ...attributes,
      "",
    ].join("\n");
  }

  function visualConf(): string {
    const display = (s: string) => s.replace(/[|\t]/g, " ").replace(LINE_BREAKS, " ").trim();
    const labels = [...entityTypes.values()].map(({ type, label }) => `${type} | ${display(label.name) || type}`);
    // Relation types too, so an importer gets "member of" back rather than "member_of".
    labels.push(...[...relationTypes].map(([name, type]) => `${type} | ${display(name) || type}`));
    const drawing = [...entityTypes.values()].filter(({ label }) => /^#[0-9a-fA-F]{3,8}$/.test(label.color)).map(({ type, label }) => `${type}\tbgColor:${label.color}`);
    return ["[labels]", ...labels, "", "[drawing]", ...drawing, ""].join("\n");
  }

  function* batchSteps({ document, annotations, relations }: DocumentBatch): Steps<ExportFile[]> {
    summary.documents++;
    const name = uniqueName(document, usedNames);
    return [
      { name: `${name}.txt`, content: document.text },
      { name: `${name}.ann`, content: yield* ann(document, annotations, relations) },
    ];
  }

  function* batchInFoldersSteps({ document, relations }: DocumentBatch, layers: Layers): Steps<ExportFile[]> {
    summary.documents++;
    const name = uniqueName(document, usedNames);
    const files: ExportFile[] = [];
    for (const { folder, annotations } of layers) {
      files.push({ name: `${folder}/${name}.txt`, content: document.text }, { name: `${folder}/${name}.ann`, content: yield* ann(document, annotations, relations) });
    }
    return files;
  }

  return {
    kind: "files",
    contentType: "application/zip",
    extension: "zip",
    summary: () => ({ ...summary, typeNames: { ...summary.typeNames } }),
    header: () => [],
    batch: (batch: DocumentBatch) => runAtOnce(batchSteps(batch)),
    batchSteps,
    batchInFolders: (batch: DocumentBatch, layers: Layers) => runAtOnce(batchInFoldersSteps(batch, layers)),
    batchInFoldersSteps,
    footer: () => [
      { name: "annotation.conf", content: annotationConf() },
      { name: "visual.conf", content: visualConf() },
    ],
  };
}

/** The span split at line breaks into non-empty fragments, with code-point offsets. */
export function fragments(map: OffsetMap, start: number, end: number): Fragment[] {
  const out: Fragment[] = [];
  let from = start;
  let at = start;
  let text = "";
  for (const ch of map.slice(start, end)) {
    if (LINE_BREAK.test(ch)) {
      if (text) out.push({ start: from, end: at, text });
      text = "";
      from = at + 1;
    } else {
      text += ch;
    }
    at++;
  }
  if (text) out.push({ start: from, end: at, text });
  return out;
}

/** brat's storage form for type names: ASCII letters, digits, "_" and "-" only. */
export function storageForm(name: string): string {
  const ascii = name.trim().normalize("NFKD").replace(/\p{M}/gu, "");
  const form = ascii.replace(/[^A-Za-z0-9_-]/g, "_");
  return /[A-Za-z0-9]/.test(form) ? form : "";
}

/** `<slug of title>-<short id>`: readable, safe on every file system, unique in the export. */
function uniqueName(d: ExportDocument, used: Set<string>): string {
  const slug =
    d.title
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .slice(0, 40)
      .replace(/^-+|-+$/g, "") || "document";
  const id = d.id.toLowerCase().replace(/[^a-z0-9]/g, "");
  // The tail of a UUIDv7 is random; the full id settles the rare clash.
  let name = `${slug}-${id.slice(-8)}`;
  if (used.has(name)) name = `${slug}-${id}`;
  for (let n = 2; used.has(name); n++) name = `${slug}-${id}-${n}`;
  used.add(name);
  return name;
}
