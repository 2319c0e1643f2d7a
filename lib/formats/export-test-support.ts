// Test support for the export writers, imported only by lib/formats/*.test.ts: fixtures built from
// substrings (offsets and quotes derived, never typed by hand) and readers written independently of
// the writers, so a test checks output against the format's grammar rather than against itself.
import { OffsetMap, quoteOf } from "@/lib/anchoring/offsets";
import type { DocumentBatch, ExportAnnotation, ExportDocument, ExportLabel, LabelKind, ReviewState } from "@/lib/formats/types";

export function label(name: string, kind: LabelKind, id = `label-${name}`): ExportLabel {
  return { id, name, kind, color: "#8fbcbb", description: "" };
}

export function exportDocument(text: string, fields: Partial<ExportDocument> = {}): ExportDocument {
  return {
    id: "0190f5c2-6a1b-7c3d-8e4f-0123456789ab",
    title: "A test document",
    text,
    sourceUrl: null,
    publisher: null,
    publishedOn: null,
    language: "en",
    fileName: null,
    createdAt: "2025-01-02T03:04:05.000Z",
    ...fields,
  };
}

type AnnotationFields = Partial<Omit<ExportAnnotation, "label" | "start" | "end" | "exact" | "prefix" | "suffix">> & {
  /** Which occurrence of the needle to take (0-based), for repeated words. */
  occurrence?: number;
};

let counter = 0;

/** An annotation on the `occurrence`-th match of `needle` in the document, with its quote. */
export function annotate(doc: ExportDocument, needle: string, lbl: ExportLabel, fields: AnnotationFields = {}): ExportAnnotation {
  const { occurrence = 0, ...rest } = fields;
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = doc.text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`fixture: ${JSON.stringify(needle)} not found in the document`);
  }
  const map = new OffsetMap(doc.text);
  return annotationAt(doc, map, { start: map.toCodePoint(at), end: map.toCodePoint(at + needle.length) }, lbl, rest);
}

/** An annotation on a span given in code points (`map` is the document's), with its quote. */
export function annotationAt(doc: ExportDocument, map: OffsetMap, span: { start: number; end: number }, lbl: ExportLabel, rest: Partial<ExportAnnotation> = {}): ExportAnnotation {
  counter++;
  return {
    id: `0190f5c2-0000-7000-8000-${String(counter).padStart(12, "0")}`,
    documentId: doc.id,
    label: lbl,
    authorId: "user-1",
    authorName: "Ada Annotator",
    ...span,
    ...quoteOf(map, span),
    attributes: {},
    note: "",
    reviewState: "PENDING" as ReviewState,
    gold: false,
    version: 1,
    createdAt: "2025-01-02T03:04:05.000Z",
    updatedAt: "2025-01-03T03:04:05.000Z",
    ...rest,
  };
}

/** A batch in the order writers receive it: start, then end, then id. */
export function batchOf(document: ExportDocument, annotations: ExportAnnotation[]): DocumentBatch {
  const ordered = [...annotations].sort((a, b) => a.start - b.start || a.end - b.end || (a.id < b.id ? -1 : 1));
  return { document, annotations: ordered };
}

/** Code-point slice computed independently of OffsetMap, so tests do not check the code with itself. */
export function codePointSlice(text: string, start: number, end: number): string {
  return Array.from(text).slice(start, end).join("");
}

/** An RFC 4180 reader written for the test, so the writer is checked against the grammar. */
export function parseCsv(input: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < input.length) {
    let field = "";
    if (input[i] === '"') {
      i++;
      for (;;) {
        if (i >= input.length) throw new Error("unterminated quoted field");
        if (input[i] === '"') {
          if (input[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            i++;
            break;
          }
        } else field += input[i++];
      }
    } else {
      while (i < input.length && input[i] !== "," && input[i] !== "\r" && input[i] !== "\n") {
        if (input[i] === '"') throw new Error(`bare quote in unquoted field at ${i}`);
        field += input[i++];
      }
    }
    row.push(field);
    if (input[i] === ",") i++;
    else if (input.startsWith("\r\n", i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else if (i < input.length) throw new Error(`expected , or CRLF at ${i}, found ${JSON.stringify(input[i])}`);
  }
  if (row.length) throw new Error("last row does not end in CRLF");
  return rows;
}

// brat's .ann reader (nlplab/brat server/src/annotation.py), re-implemented for the tests: the
// line grammar per id prefix, unique ids, fragment bounds and overlap, the quote equal to the
// text of the fragments joined by one space, and references to defined ids. Python iterates the
// file by lines, so every line boundary Python knows splits a line here too.
const PYTHON_LINES = /\r\n|[\n\r\v\f\u001c\u001d\u001e\u0085\u2028\u2029]/;

export type BratTextBound = { id: string; type: string; spans: [number, number][]; quote: string };
export type BratAnn = {
  problems: string[];
  textBounds: BratTextBound[];
  attributes: { id: string; type: string; target: string; value: string }[];
  relations: { id: string; type: string; args: [string, string][] }[];
  /** E lines: "E1<TAB>Type:T1 Role:T2 Role2:E2" (brat's EventAnnotation). */
  events: { id: string; type: string; trigger: string; args: [string, string][] }[];
  notes: { id: string; type: string; target: string; text: string }[];
  /** N lines: "N1<TAB>Reference T1 Wikidata:Q42<TAB>Douglas Adams" (brat's NormalizationAnnotation). */
  normalizations: { id: string; type: string; target: string; reference: string; text: string }[];
  /** * lines: "*<TAB>Equiv T1 T2" (brat's EquivAnnotation; the id "*" repeats). */
  equivalences: { type: string; members: string[] }[];
};

export function parseBratAnn(txt: string, ann: string): BratAnn {
  const text = Array.from(txt); // Python str: code points
  const out: BratAnn = { problems: [], textBounds: [], attributes: [], relations: [], events: [], notes: [], normalizations: [], equivalences: [] };
  const defined = new Set<string>();
  const references: [string, string][] = [];
  const lines = ann.split(PYTHON_LINES);
  if (lines.at(-1) === "") lines.pop();
  lines.forEach((line, n) => {
    const bad = (why: string) => out.problems.push(`line ${n + 1} ${JSON.stringify(line)}: ${why}`);
    const tab = line.indexOf("\t");
    if (tab < 0) return bad("no tab after the id");
    const id = line.slice(0, tab);
    const tail = line.slice(tab + 1);
    const dataEnd = tail.indexOf("\t");
    const data = dataEnd < 0 ? tail : tail.slice(0, dataEnd);
    const dataTail = dataEnd < 0 ? "" : tail.slice(dataEnd);
    if (id === "*") {
      const [type, ...members] = data.split(" ");
      if (!type || members.length < 2 || members.some((m) => !m)) return bad("an equivalence is TYPE ID ID …");
      for (const m of members) references.push([id, m]);
      out.equivalences.push({ type, members });
      return;
    }
    if (!/^([A-Za-z]+|#[A-Za-z]*)([0-9]+)(.*?)$/.test(id)) return bad("invalid id");
    if (defined.has(id)) return bad("duplicate id");
    defined.add(id);
    if (id[0] === "N") {
      const m = /^(\S+) (\S+) (\S+?):(\S+)$/.exec(data);
      if (!m) return bad("a normalization is TYPE TARGET DB:ID");
      references.push([id, m[2]]);
      out.normalizations.push({ id, type: m[1], target: m[2], reference: `${m[3]}:${m[4]}`, text: dataTail.slice(1) });
      return;
    }
    if (id[0] === "T") {
      const space = data.indexOf(" ");
      if (space < 0) return bad("textbound without offsets");
      const type = data.slice(0, space);
      const spans: [number, number][] = [];
      for (const part of data.slice(space + 1).split(";")) {
        const pieces = part.split(" ");
        if (pieces.length !== 2 || !/^\d+$/.test(pieces[0]) || !/^\d+$/.test(pieces[1].trimEnd())) return bad(`bad offsets ${JSON.stringify(part)}`);
        const [start, end] = [Number(pieces[0]), Number(pieces[1])];
        if (start > end) return bad("start > end");
        if (end > text.length) return bad("offset exceeds text length");
        if (spans.some(([s, e]) => end >= s && start < e)) return bad("fragments overlap");
        spans.push([start, end]);
      }
      const spanLength = spans.reduce((sum, [s, e]) => sum + e - s, 0) + spans.length - 1;
      const tailChars = Array.from(dataTail);
      if (dataTail.trim() === "") return bad("missing text");
      if (tailChars[0] !== "\t") return bad("missing tab before text");
      if (spanLength > tailChars.length - 1) return bad("text shorter than the spans");
      const quote = tailChars.slice(1, spanLength + 1).join("");
      const rest = tailChars.slice(spanLength + 1).join("");
      const reference = spans.map(([s, e]) => text.slice(s, e).join("")).join(" ");
      if (quote !== reference) return bad(`text ${JSON.stringify(quote)} does not match the document's ${JSON.stringify(reference)}`);
      if (rest !== "" && !/^\s/.test(rest)) return bad("text not separated from the rest of the line");
      out.textBounds.push({ id, type, spans, quote });
    } else if (id[0] === "A") {
      const m = /^(.+?) (.+?) (.+?)$/.exec(data) ?? /^(.+?) (.+?)$/.exec(data);
      if (!m) return bad("attribute syntax");
      const [, type, target, value = "true"] = m;
      if (!/^([A-Za-z]+|#[A-Za-z]*)([0-9]+)/.test(target)) return bad("attribute target is not an id");
      references.push([id, target]);
      out.attributes.push({ id, type, target, value });
    } else if (id[0] === "R") {
      const space = data.indexOf(" ");
      if (space < 0) return bad("relation without arguments");
      const args = data
        .slice(space + 1)
        .split(/\s+/)
        .filter(Boolean)
        .map((a) => a.split(":"));
      if (args.length !== 2 || args.some((a) => a.length !== 2)) return bad("a relation needs exactly two Role:Id arguments");
      if (args[0][0] === args[1][0]) return bad("argument roles must differ");
      for (const [, target] of args) references.push([id, target]);
      out.relations.push({ id, type: data.slice(0, space), args: args as [string, string][] });
    } else if (id[0] === "E") {
      const [head, ...rest] = data.split(" ").filter(Boolean);
      const [type, trigger, extra] = (head ?? "").split(":");
      if (!type || !trigger || extra !== undefined) return bad("an event starts with Type:Trigger");
      const args = rest.map((a) => a.split(":"));
      if (args.some((a) => a.length !== 2 || !a[0] || !a[1])) return bad("event arguments are Role:Id");
      if (new Set(args.map((a) => a[0])).size !== args.length) return bad("an event's argument roles must differ (numbered: Role, Role2)");
      references.push([id, trigger]);
      for (const [, target] of args) references.push([id, target]);
      out.events.push({ id, type, trigger, args: args as [string, string][] });
    } else if (id[0] === "#") {
      const parts = data.trim().split(/\s+/);
      if (parts.length !== 2) return bad("a note needs exactly TYPE TARGET");
      references.push([id, parts[1]]);
      out.notes.push({ id, type: parts[0], target: parts[1], text: dataTail.slice(1) });
    } else {
      bad("unexpected annotation kind");
    }
  });
  for (const [from, to] of references) if (!defined.has(to)) out.problems.push(`${from} refers to undefined ${to}`);
  return out;
}

/** The parts of brat's annotation.conf the .ann has to agree with. */
export function parseBratConf(conf: string) {
  const sections = new Map<string, string[]>();
  let section = "general";
  for (const line of conf.split("\n")) {
    const header = /^\s*\[(.*)\]\s*$/.exec(line);
    if (header) section = header[1];
    else if (line.trim() && !/^\s*#/.test(line)) sections.set(section, [...(sections.get(section) ?? []), line]);
  }
  const args = (line: string) => Object.fromEntries((/^\S+\s+(.*)$/.exec(line)?.[1] ?? "").split(",").map((a) => a.trim().split(":")).map(([k, v]) => [k, new Set(v.split("|"))]));
  return {
    sections: [...sections.keys()],
    entities: new Set((sections.get("entities") ?? []).map((l) => l.trim())),
    relations: new Map((sections.get("relations") ?? []).map((l) => [l.split(/\s/)[0], args(l)])),
    events: new Map((sections.get("events") ?? []).map((l) => [l.split(/\s/)[0], /\s/.test(l.trim()) ? args(l) : {}])),
    attributes: new Map((sections.get("attributes") ?? []).map((l) => [l.split(/\s/)[0], args(l)])),
  };
}
