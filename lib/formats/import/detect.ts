// Which reader an upload needs, from the file names and, for JSON, the content. An upload is one
// file or a set of files in one format (brat's .txt/.ann pairs, or several JSON files).
import { isDoccanoLabelList } from "@/lib/formats/import/doccano";
import { decodeContent, forgetContent, jsonOfContent } from "@/lib/formats/import/raw-text";
import type { FileContent, ImportFormat } from "@/lib/formats/import/types";

export type DetectResult = { format: ImportFormat } | { format: null; error: string };

export const SUPPORTED_FORMATS =
  "the workbench's own JSON export, W3C Web Annotation JSON-LD (.json, .jsonld), doccano JSONL (.jsonl, or a .zip of them, one per annotator), brat (.ann files with their .txt, or a .zip of them) or CoNLL/IOB2 (.conll, or a .zip of them)";

const ANNOTATION_TYPES = new Set(["Annotation", "AnnotationPage", "AnnotationCollection", "oa:Annotation"]);
const FORMAT_NAMES: Record<ImportFormat, string> = { native: "workbench JSON", w3c: "W3C Web Annotation", doccano: "doccano", brat: "brat", conll: "CoNLL" };
const CONLL_EXTENSIONS = new Set(["conll", "iob", "iob2", "bio"]);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const extensionOf = (name: string) => /\.([^./\\]+)$/.exec(name)?.[1].toLowerCase() ?? "";

function isW3c(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0 && isW3c(value[0]);
  if (!isObject(value)) return false;
  const contexts = Array.isArray(value["@context"]) ? value["@context"] : [value["@context"]];
  if (contexts.some((c) => typeof c === "string" && /anno\.jsonld$/.test(c))) return true;
  const types = Array.isArray(value.type ?? value["@type"]) ? (value.type ?? value["@type"]) : [value.type ?? value["@type"]];
  if ((types as unknown[]).some((t) => typeof t === "string" && ANNOTATION_TYPES.has(t))) return true;
  // Hypothesis's export: {"annotations": [{..., "target": [...]}]}.
  return Array.isArray(value.annotations) && isObject(value.annotations[0]) && value.annotations[0].target !== undefined;
}

const isDoccanoRecord = (v: unknown) =>
  isObject(v) && typeof v.text === "string" && (Array.isArray(v.label) || Array.isArray(v.labels) || Array.isArray(v.entities) || Array.isArray(v.annotations));

/**
 * One JSON-ish file by its content. What it decoded and parsed is kept for the W3C parser, which
 * takes it (raw-text.ts); for any other outcome it is let go of at once.
 */
function detectContent(name: string, content: FileContent | undefined): DetectResult {
  if (content === undefined) return { format: null, error: `cannot tell the format of ${name} without reading it` };
  const result = readContent(name, content);
  if (result.format !== "w3c") forgetContent(content);
  return result;
}

function readContent(name: string, content: FileContent): DetectResult {
  const decoded = decodeContent(content, true);
  if ("error" in decoded) return { format: null, error: `${name}: ${decoded.error}` };
  const body = decoded.text.replace(/^\uFEFF/, "").trim();
  if (!body.startsWith("{") && !body.startsWith("[")) return { format: null, error: `${name} is not JSON; the supported formats are ${SUPPORTED_FORMATS}` };
  let value: unknown;
  try {
    value = jsonOfContent(content, body, true);
  } catch (error) {
    // Several JSON objects, one per line: JSONL under another extension.
    const first = body.split("\n", 1)[0];
    try {
      if (isDoccanoRecord(JSON.parse(first))) return { format: "doccano" };
    } catch {
      // fall through to the JSON error
    }
    return { format: null, error: `${name} is not valid JSON (${(error as Error).message})` };
  }
  if (isObject(value) && value.format === "annotation-workbench") return { format: "native" };
  if (isW3c(value)) return { format: "w3c" };
  if (isDoccanoRecord(value) || (Array.isArray(value) && isDoccanoRecord(value[0])) || isDoccanoLabelList(value)) return { format: "doccano" };
  return { format: null, error: `${name} is JSON but not a format we read; the supported formats are ${SUPPORTED_FORMATS}` };
}

/** Detects the format of one upload. `content` is needed for JSON files; names alone decide the rest. */
export function detectFormat(files: { name: string; content?: FileContent }[]): DetectResult {
  if (files.length === 0) return { format: null, error: "no files were uploaded" };
  const extensions = files.map((f) => extensionOf(f.name));
  if (extensions.includes("zip")) {
    return files.length === 1 ? { format: "brat" } : { format: null, error: "upload a .zip on its own, not together with other files" };
  }
  if (extensions.includes("ann")) {
    const others = files.filter((f, i) => !["ann", "txt", "conf"].includes(extensions[i]));
    if (others.length === 0) return { format: "brat" };
    return { format: null, error: `brat uploads hold only .ann, .txt and .conf files; ${others.map((f) => f.name).join(", ")} do not belong` };
  }
  if (extensions.every((e) => CONLL_EXTENSIONS.has(e))) return { format: "conll" };
  if (extensions.every((e) => e === "txt")) {
    return { format: null, error: "plain .txt files hold no annotations: add the brat .ann file of each (same name), or import the texts as documents" };
  }
  const found = new Map<ImportFormat, string[]>();
  for (const [i, file] of files.entries()) {
    const result: DetectResult = extensions[i] === "jsonl" ? { format: "doccano" } : detectContent(file.name, file.content);
    if (result.format === null) return result;
    found.set(result.format, [...(found.get(result.format) ?? []), file.name]);
  }
  if (found.size > 1) {
    const list = [...found].map(([format, names]) => `${names.join(", ")}: ${FORMAT_NAMES[format]}`).join("; ");
    return { format: null, error: `the files are in different formats (${list}); import each format separately` };
  }
  return { format: [...found.keys()][0] };
}
