// brat standoff (https://brat.nlplab.org/standoff.html): x.txt holds the text, x.ann one
// annotation per line — T text-bound spans, A/M attributes, R relations, E events (the trigger span
// with its arguments as relations: Participant → participant, Place → location, other roles by
// name), N normalizations (knowledge-base references), * equivalences, # notes. Attributes come
// back as brat names them ("Stance"); the importer matches them to the label kind's attributes and
// keeps the others as named extra attributes, and links N and * lines to knowledge-base items. Offsets are code
// points into x.txt as the writing tool read it (with its BOM; CRLF as one or two characters, which
// the quotes decide), so they are mapped onto the canonical text here; the quote each T line
// carries lets the importer re-anchor what mapping cannot fix.
import { EXTERNAL_ID } from "@/lib/formats/brat";
import { rawText, decodeContent, type RawText } from "@/lib/formats/import/raw-text";
import type { FileContent, ImportProblem, ParsedAnnotation, ParsedAnnotationSet, ParsedDocument, ParsedRelation } from "@/lib/formats/import/types";
import { readZip, type ZipLimits } from "@/lib/formats/import/zip-reader";
import { ATTRIBUTE_RELATIONS, type ReviewState } from "@/lib/formats/types";
import { ATTRIBUTE_SCHEMAS } from "@/lib/schemas/annotation";
import { runAtOnce, type Steps } from "@/lib/run-in-slices";

/**
 * One brat document: `key` is the path without extension ("corpus/doc1"); `names` the display
 * names of its types from the visual.conf brat would use for it (type → name).
 */
export type BratPair = { key: string; txt: FileContent; ann?: FileContent; names?: ReadonlyMap<string, string> };

/** brat's configuration files, which describe the schema rather than a document. */
const CONFIG_FILES = new Set(["annotation.conf", "visual.conf", "tools.conf", "kb_shortcuts.conf"]);

const baseName = (p: string) => p.slice(p.lastIndexOf("/") + 1);

/**
 * Pairs x.txt with x.ann from a list of files (a zip's entries, or a multi-file upload). Folders,
 * brat's .conf files, hidden files and macOS metadata are skipped silently; anything else, and a
 * .ann without its .txt, is reported.
 */
export function pairBratFiles(files: { path: string; data: FileContent }[]): { pairs: BratPair[]; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const texts = new Map<string, FileContent>();
  const anns = new Map<string, FileContent>();
  const visual = new Map<string, ReadonlyMap<string, string>>(); // folder ("" for the top) → names
  for (const { path, data } of files) {
    const name = baseName(path);
    if (name === "visual.conf" && !path.startsWith("__MACOSX/")) visual.set(path.slice(0, path.length - name.length), visualNames(data));
    if (path.endsWith("/") || !name || name.startsWith(".") || CONFIG_FILES.has(name) || path.startsWith("__MACOSX/")) continue;
    const match = /^(.*)\.(txt|ann)$/i.exec(path);
    if (!match) {
      problems.push({ file: path, message: "ignored: not a brat .txt or .ann file" });
      continue;
    }
    (match[2].toLowerCase() === "txt" ? texts : anns).set(match[1], data);
  }
  const pairs: BratPair[] = [];
  for (const [key, ann] of anns) {
    if (!texts.has(key)) problems.push({ file: `${key}.ann`, message: `no ${baseName(key)}.txt next to it, so its offsets cannot be checked; skipped` });
    else pairs.push({ key, txt: texts.get(key)!, ann, names: namesFor(key, visual) });
  }
  for (const [key, txt] of texts) {
    if (anns.has(key)) continue;
    problems.push({ file: `${key}.txt`, message: `no ${baseName(key)}.ann next to it; imported as a document without annotations` });
    pairs.push({ key, txt });
  }
  pairs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { pairs, problems };
}

/** brat looks for a document's configuration in its folder, then in each folder above it. */
function namesFor(key: string, visual: Map<string, ReadonlyMap<string, string>>): ReadonlyMap<string, string> | undefined {
  for (let folder = key.slice(0, key.lastIndexOf("/") + 1); ; folder = folder.slice(0, folder.slice(0, -1).lastIndexOf("/") + 1)) {
    const found = visual.get(folder);
    if (found) return found;
    if (!folder) return undefined;
  }
}

/** visual.conf's [labels] section: "Type | Display name | Abbreviation …" per line. */
export function visualNames(content: FileContent): ReadonlyMap<string, string> {
  const names = new Map<string, string>();
  const decoded = decodeContent(content);
  if ("error" in decoded) return names;
  let section = "";
  for (const raw of decoded.text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) section = header[1].trim();
    else if (section === "labels") {
      const [type, display] = line.split("|").map((part) => part.trim());
      if (type && display) names.set(type, display.normalize("NFC"));
    }
  }
  return names;
}

type TextBound = { annotation: ParsedAnnotation; line: number };

/**
 * An event argument's role as our links name it: brat's corpora say Participant/Agent/Theme for who
 * took part and Place/Site/Location for where; a repeated role is numbered ("Participant2"). Other
 * roles keep their name and are matched to the project's relation types.
 */
function roleType(role: string): string {
  const base = role.replace(/\d+$/, "");
  if (/^(participant|agent|theme|attendee|person|entity)$/i.test(base)) return "participant";
  if (/^(place|site|location|at-loc|toloc)$/i.test(base)) return "location";
  return base;
}

/** One .ann over its .txt. Never throws: every line that cannot be used becomes a problem. */
export const parseBratDocument = (pair: BratPair) => runAtOnce(parseBratDocumentSteps(pair));

/** parseBratDocument in steps (run-in-slices.ts), pausing every five thousand lines of each pass. */
function* parseBratDocumentSteps(pair: BratPair): Steps<{ document?: ParsedDocument; problems: ImportProblem[] }> {
  const txtFile = `${pair.key}.txt`;
  const annFile = `${pair.key}.ann`;
  const problems: ImportProblem[] = [];
  const decodedText = decodeContent(pair.txt);
  if ("error" in decodedText) return { problems: [{ file: txtFile, message: `${decodedText.error}; the document and its annotations were skipped` }] };
  let raw = rawText(decodedText.text);
  const document: ParsedDocument = { key: pair.key, title: baseName(pair.key), text: raw.text, annotations: [], relations: [] };
  if (pair.ann === undefined) return { document, problems };
  const decodedAnn = decodeContent(pair.ann);
  if ("error" in decodedAnn) return { document, problems: [{ file: annFile, message: `${decodedAnn.error}; no annotations were read` }] };

  const problem = (line: number, message: string) => problems.push({ file: annFile, line, message });
  const lines = decodedAnn.text.replace(/^\uFEFF/, "").split("\n");
  if (decodedText.text.includes("\r")) {
    // brat itself reads the .txt with universal newlines (CRLF counts as one character); tools
    // that write brat from Java or raw bytes count the CR. The quotes say which one this file used.
    const universal = rawText(decodedText.text, "codepoint", "universal");
    if (quotesHeld(universal, lines) > quotesHeld(raw, lines)) raw = universal;
  }
  const spans = new Map<string, TextBound>();
  const later: { line: number; fields: string[] }[] = [];

  for (const [index, rawLine] of lines.entries()) {
    if (index % 5000 === 4999) yield;
    const line = index + 1;
    const text = rawLine.replace(/\r$/, "");
    if (!text.trim()) continue;
    const fields = text.split("\t");
    const id = fields[0];
    if (id.startsWith("T")) {
      const parsed = textBound(raw, fields, (message) => problem(line, message));
      if (!parsed) continue;
      if (spans.has(id)) problem(line, `${id} is defined twice (first on line ${spans.get(id)!.line}); kept the first`);
      else spans.set(id, { annotation: parsed, line });
    } else if (/^[AMRN#E*]/.test(id)) {
      later.push({ line, fields });
    } else {
      problem(line, `unrecognised line ${JSON.stringify(text.length > 40 ? `${text.slice(0, 37)}…` : text)}; expected T, E, A, M, R, N, * or # lines`);
    }
  }

  const relations: ParsedRelation[] = [];
  const equivalences: string[][] = [];
  // An event (E line) is its trigger span with typed arguments: attributes, relations and notes on
  // the event land on the trigger, and each argument becomes a relation from it.
  const triggers = new Map<string, string>();
  for (const { fields } of later) {
    const trigger = fields[0].startsWith("E") ? /^[^:\s]+:(T\S+)/.exec((fields[1] ?? "").trim())?.[1] : undefined;
    if (trigger) triggers.set(fields[0], trigger);
  }
  for (const [k, { line, fields }] of later.entries()) {
    if (k % 5000 === 4999) yield;
    const id = fields[0];
    const words = (fields[1] ?? "").trim().split(/\s+/).filter(Boolean);
    const target = (given: string | undefined, what: string): ParsedAnnotation | undefined => {
      const ref = given && triggers.has(given) ? triggers.get(given) : given;
      const found = ref === undefined ? undefined : spans.get(ref)?.annotation;
      if (ref === undefined) problem(line, `${id} names no ${what}`);
      else if (!found && ref.startsWith("T")) problem(line, `${id} refers to ${ref}, which is not a usable text annotation in this file`);
      else if (!found) problem(line, `${id} refers to ${ref}; only text annotations (T) are imported, so it was skipped`);
      return found;
    };
    if (id.startsWith("A") || id.startsWith("M")) {
      const [name, ref, ...value] = words;
      if (!name) {
        problem(line, `${id} has no attribute name`);
        continue;
      }
      const annotation = target(ref, "annotation");
      if (annotation) annotation.attributes[name] = value.length ? value.join(" ") : true;
    } else if (id.startsWith("E")) {
      const [head, ...args] = words;
      const trigger = target(/^[^:\s]+:(\S+)$/.exec(head ?? "")?.[1], "trigger");
      if (!trigger) continue;
      for (const arg of args) {
        const match = /^([^:\s]+):(\S+)$/.exec(arg);
        const end = match ? target(match[2], `${match[1]} argument`) : undefined;
        if (!match) problem(line, `${id}: the argument ${JSON.stringify(arg)} is not like "Role:T1"`);
        else if (end) relations.push({ fromKey: trigger.key, toKey: end.key, type: roleType(match[1]) });
      }
    } else if (id.startsWith("N")) {
      // A normalization links a span to an entry of an external resource: "N1<TAB>Reference T1 Wikipedia:534366<TAB>Barack Obama".
      const [, ref, entry] = words;
      if (!entry || !EXTERNAL_ID.test(entry)) {
        problem(line, `${id} is not a normalization like "N1<TAB>Reference T1 Wikidata:Q42<TAB>name"`);
        continue;
      }
      const annotation = target(ref, "annotation");
      if (!annotation) continue;
      const name = fields.slice(2).join("\t").trim();
      const references = (annotation.references ??= []);
      if (!references.some((r) => r.id === entry)) references.push({ id: entry, ...(name ? { name } : {}) });
    } else if (id.startsWith("*")) {
      // An equivalence: "*<TAB>Equiv T1 T2 T3", the annotations name the same thing.
      const [, ...refs] = words;
      const members = [...new Set(refs.map((ref) => target(ref, "annotation")).filter((a): a is ParsedAnnotation => !!a).map((a) => a.key))];
      if (members.length >= 2) equivalences.push(members);
      else if (new Set(refs).size < 2) problem(line, `${id} is not an equivalence of two or more annotations like "*<TAB>Equiv T1 T2"`);
      else problem(line, `${id}: fewer than two of its annotations were read, so there is nothing to link`);
    } else if (id.startsWith("R")) {
      const [type, ...args] = words;
      const ends = args.map((arg) => /^[^:\s]+:(\S+)$/.exec(arg)?.[1]);
      if (!type || ends.length !== 2 || ends.some((end) => end === undefined)) {
        problem(line, `${id} is not a relation like "R1<TAB>Type Arg1:T1 Arg2:T2"`);
        continue;
      }
      const from = target(ends[0], "source");
      const to = target(ends[1], "target");
      const typeDisplay = pair.names?.get(type);
      if (from && to) relations.push({ fromKey: from.key, toKey: to.key, type, ...(typeDisplay ? { typeDisplay } : {}) });
    } else {
      const [kind, ref] = words;
      if (kind !== "AnnotatorNotes") {
        problem(line, `${id} is a comment of type ${JSON.stringify(kind ?? "")}; only AnnotatorNotes are imported`);
        continue;
      }
      const annotation = target(ref, "annotation");
      if (annotation) addNote(annotation, fields.slice(2).join("\t").trim());
    }
  }

  document.annotations = [...spans.values()].map(({ annotation }) => {
    const labelDisplay = pair.names?.get(annotation.label);
    return labelDisplay ? { ...annotation, labelDisplay } : annotation;
  });
  document.relations = relations;
  if (equivalences.length) document.equivalences = equivalences;
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { document, problems };
}

/**
 * Our brat export ends each AnnotatorNotes comment with "annotator: <name> | annotator_id: <user
 * id> | review: <state>" (and " | gold"; exports before layers were kept apart have no
 * annotator_id): those become the annotation's creator and review state, the rest its note.
 */
const EXPORT_TRAILER = /(?:^|\s\|\s)annotator: (.+?)(?: \| annotator_id: ([^\s|]+))? \| review: (pending|accepted|rejected)(?: \| gold)?$/;
const USER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function addNote(annotation: ParsedAnnotation, comment: string) {
  let note = comment;
  const trailer = EXPORT_TRAILER.exec(comment);
  if (trailer) {
    annotation.creatorName = trailer[1];
    if (trailer[2] && USER_ID.test(trailer[2])) annotation.creatorId = trailer[2];
    annotation.reviewState = trailer[3].toUpperCase() as ReviewState;
    note = notedAttributes(annotation, comment.slice(0, trailer.index).trim());
  }
  if (note) annotation.note = annotation.note ? `${annotation.note}\n${note}` : note;
}

/** Our attributes brat has no typed place for, which the export writes into the note as "name: value". */
const NOTED_ATTRIBUTES = new Set(
  Object.values(ATTRIBUTE_SCHEMAS).flatMap((schema) => Object.keys(schema.shape)).filter((k) => k !== "extra" && !ATTRIBUTE_RELATIONS.some((r) => r.attribute === k)),
);

/**
 * Our export writes "<note> | name: value | name: value" before its trailer. The first segment that
 * starts with one of our attribute names begins the attributes; a later segment that does not is
 * part of the value before it (a value or note may itself hold " | "). Returns the note.
 */
function notedAttributes(annotation: ParsedAnnotation, text: string): string {
  const segments = text ? text.split(" | ") : [];
  const named = (segment: string) => {
    const match = /^([A-Za-z][A-Za-z0-9_]*): ([^]*)$/.exec(segment);
    return match && NOTED_ATTRIBUTES.has(match[1]) ? { name: match[1], value: match[2] } : null;
  };
  const first = segments.findIndex((s) => named(s) !== null);
  if (first < 0) return text;
  let current: string | undefined;
  for (const segment of segments.slice(first)) {
    const found = named(segment);
    if (found) {
      current = found.name;
      annotation.attributes[current] = found.value;
    } else {
      annotation.attributes[current!] = `${annotation.attributes[current!] as string} | ${segment}`;
    }
  }
  return segments.slice(0, first).join(" | ");
}

/** What Python's str.splitlines() splits at, which brat never lets into a fragment. */
const LINE_BREAKS_ONLY = /^[\n\r\v\f\u001c\u001d\u001e\u0085\u2028\u2029]*$/;

/** The second column of a T line: "Label 10 15;17 20". */
const TEXT_BOUND = /^(\S+)\s+(\d+\s+\d+(?:\s*;\s*\d+\s+\d+)*)\s*$/;
const fragmentsOf = (offsets: string) => offsets.split(";").map((f) => f.trim().split(/\s+/).map(Number) as [number, number]);
/** The quote column (after the second tab), in canonical form. */
const quoteColumnOf = (fields: string[]) => (fields.length > 2 ? fields.slice(2).join("\t").normalize("NFC") : undefined);

/** How many T lines' quotes the text holds at their offsets, read this way. */
function quotesHeld(raw: RawText, lines: string[]): number {
  let held = 0;
  for (const line of lines) {
    const fields = line.replace(/\r$/, "").split("\t");
    const match = fields[0].startsWith("T") ? TEXT_BOUND.exec(fields[1] ?? "") : null;
    const quote = quoteColumnOf(fields);
    if (!match || quote === undefined) continue;
    const fragments = fragmentsOf(match[2]);
    if (fragments.some(([s, e]) => e <= s || e > raw.rawLength)) continue;
    if (fragments.map(([s, e]) => raw.quote(s, e)).join(" ") === quote) held++;
  }
  return held;
}

/** A T line: "T3<TAB>Label 10 15;17 20<TAB>quote". */
function textBound(raw: RawText, fields: string[], problem: (message: string) => void): ParsedAnnotation | null {
  const id = fields[0];
  const match = TEXT_BOUND.exec(fields[1] ?? "");
  if (!match) {
    problem(`${id} is not a text annotation like "T1<TAB>Label 0 5<TAB>quote"`);
    return null;
  }
  const label = match[1];
  const fragments = fragmentsOf(match[2]);
  const quoteColumn = quoteColumnOf(fields);
  for (const [start, end] of fragments) {
    if (end <= start) {
      problem(`${id} has an empty or reversed span ${start}–${end}`);
      return null;
    }
  }
  const start = fragments[0][0];
  const end = fragments[fragments.length - 1][1];
  const base = { key: id, label, attributes: {}, offsetUnit: "codepoint" as const };
  const outside = fragments.find(([, e]) => e > raw.rawLength);
  if (outside) {
    // The text and the .ann disagree; the importer may still find the quote.
    if (quoteColumn === undefined || fragments.length > 1) {
      problem(`${id}: the span ${outside[0]}–${outside[1]} is outside the text (0–${raw.rawLength} code points)`);
      return null;
    }
    return { ...base, start, end, exact: quoteColumn };
  }
  if (fragments.length === 1) {
    return { ...base, start: raw.toCanonical(start), end: raw.toCanonical(end), exact: quoteColumn ?? raw.quote(start, end) };
  }
  if (fragments.some(([s], i) => i > 0 && s < fragments[i - 1][1])) {
    problem(`${id}: its fragments ${match[2]} overlap or are out of order; skipped`);
    return null;
  }
  // Discontinuous: brat quotes the fragments joined by single spaces. We keep one span from the first
  // fragment's start to the last one's end, after checking the fragments hold what the line quotes.
  const fragmentText = fragments.map(([s, e]) => raw.quote(s, e)).join(" ");
  if (quoteColumn !== undefined && quoteColumn !== fragmentText) {
    problem(`${id}: its fragments ${match[2]} hold ${JSON.stringify(fragmentText)}, not the quoted ${JSON.stringify(quoteColumn)}; skipped`);
    return null;
  }
  // brat (and our export) write a span that crosses line breaks as fragments split at them: a
  // continuous span. Fragments with other text between them lose that gap, which the report says.
  const gapsAreBreaks = fragments.every(([s], i) => i === 0 || LINE_BREAKS_ONLY.test(raw.quote(fragments[i - 1][1], s)));
  if (!gapsAreBreaks) {
    problem(`${id} has ${fragments.length} fragments (${match[2]}); imported as one span ${start}–${end} that also covers the text between them`);
  }
  return { ...base, start: raw.toCanonical(start), end: raw.toCanonical(end), exact: raw.quote(start, end) };
}

/** Every pair as one annotation set. */
export const parseBrat = (pairs: BratPair[], problems: ImportProblem[] = []): ParsedAnnotationSet => runAtOnce(parseBratSteps(pairs, problems));

/** parseBrat in steps (run-in-slices.ts): the direct import route reads a large corpus in its request. */
export function* parseBratSteps(pairs: BratPair[], problems: ImportProblem[] = []): Steps<ParsedAnnotationSet> {
  const documents: ParsedDocument[] = [];
  const all = [...problems];
  for (const pair of pairs) {
    yield;
    const parsed = yield* parseBratDocumentSteps(pair);
    if (parsed.document) documents.push(parsed.document);
    all.push(...parsed.problems);
  }
  return { format: "brat", documents, problems: all };
}

/** A zipped brat corpus (folders allowed). Throws ZipError when the archive itself is refused. */
export const parseBratZip = (zip: Uint8Array, limits?: ZipLimits): ParsedAnnotationSet => runAtOnce(parseBratZipSteps(zip, limits));

/** parseBratZip in steps: the archive is read at once (zip-reader.ts), its documents in steps. */
export function* parseBratZipSteps(zip: Uint8Array, limits?: ZipLimits): Steps<ParsedAnnotationSet> {
  const { pairs, problems } = pairBratFiles(readZip(zip, limits));
  if (pairs.length === 0) problems.push({ file: "(zip)", message: "the zip holds no brat documents (x.txt with x.ann)" });
  return yield* parseBratSteps(pairs, problems);
}
