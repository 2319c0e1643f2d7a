// Turns uploaded files (or pasted text) into document drafts. Pure: no I/O, runs anywhere.
import { decodeUtf8Text, TextDecodeError } from "@/lib/anchoring/canonical-text";
import { isWebUrl, WEB_URL_RULE } from "@/lib/documents/source-url";
import { findUnstorableText, unstorableText } from "@/lib/schemas/text";
import { HtmlReadError, readHtml } from "@/lib/documents/read-html";

export type DocumentMeta = {
  title?: string;
  sourceUrl?: string;
  publisher?: string;
  publishedOn?: string;
  language?: string;
  author?: string;
};
/**
 * `meta` is what the file itself states (JSON fields, an HTML page's metadata): it wins over what
 * the importer proposes from the text. `html` is the page an HTML file's text was read from.
 */
export type DocumentDraft = { name: string; fileName: string | null; text: string; meta: DocumentMeta; html?: string; evidence?: Partial<Record<string, string>> };
export type DraftRefusal = { name: string; reason: string; tooLarge?: boolean };

export const SUPPORTED_EXTENSIONS = [".txt", ".md", ".html", ".htm", ".json", ".jsonl"] as const;

export { normalizePublishedOn } from "@/lib/documents/find-dates";
import { normalizePublishedOn } from "@/lib/documents/find-dates";

const str = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : undefined);

/** Reads a JSON document object: {"text": ..., "title"?, "source_url"|"sourceUrl"|"url"?, ...}. */
export function draftFromObject(name: string, fileName: string | null, value: unknown): DocumentDraft | DraftRefusal {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { name, reason: 'expected an object with a "text" field' };
  }
  const o = value as Record<string, unknown>;
  if (typeof o.text !== "string") return { name, reason: 'missing the "text" field (a string)' };
  const stored = ["text", "title", "sourceUrl", "source_url", "url", "publisher", "source", "language", "lang", "author"];
  const unstorable = findUnstorableText(Object.fromEntries(stored.map((k) => [k, o[k]])));
  if (unstorable) return { name, reason: `the "${unstorable.at}" field has ${unstorable.problem}, which text cannot contain` };
  const publishedOn = normalizePublishedOn(o.publishedOn ?? o.published_on ?? o.date ?? o.published);
  if (publishedOn instanceof Error) return { name, reason: publishedOn.message };
  const sourceUrl = str(o.sourceUrl ?? o.source_url ?? o.url);
  if (sourceUrl && !isWebUrl(sourceUrl)) return { name, reason: `the source URL "${sourceUrl}" ${WEB_URL_RULE}` };
  return {
    name,
    fileName,
    text: o.text,
    meta: {
      title: str(o.title),
      sourceUrl,
      publisher: str(o.publisher ?? o.source),
      publishedOn,
      language: str(o.language ?? o.lang),
      author: str(o.author),
    },
  };
}

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf(".");
  return dot < 0 ? "" : fileName.slice(dot).toLowerCase();
}

export function parseUploadedFile(fileName: string, bytes: Uint8Array): (DocumentDraft | DraftRefusal)[] {
  // The name is stored with the document; no real file system produces these.
  const badName = unstorableText(fileName);
  if (badName) return [{ name: fileName, reason: `the file name has ${badName}; rename the file` }];
  const ext = extensionOf(fileName);
  if (!(SUPPORTED_EXTENSIONS as readonly string[]).includes(ext)) {
    return [{ name: fileName, reason: `unsupported file type "${ext || "(none)"}": use ${SUPPORTED_EXTENSIONS.join(", ")}` }];
  }
  let content: string;
  try {
    content = decodeUtf8Text(bytes);
  } catch (error) {
    if (error instanceof TextDecodeError) return [{ name: fileName, reason: error.reason }];
    throw error;
  }
  if (ext === ".txt" || ext === ".md") return [{ name: fileName, fileName, text: content, meta: {} }];
  if (ext === ".html" || ext === ".htm") {
    try {
      const page = readHtml(content);
      if (!page.text.trim()) return [{ name: fileName, reason: "no text was found in the page" }];
      return [{ name: fileName, fileName, text: page.text, meta: page.meta, html: content, evidence: page.evidence }];
    } catch (error) {
      if (error instanceof HtmlReadError) return [{ name: fileName, reason: error.message }];
      throw error;
    }
  }
  if (ext === ".json") {
    let data: unknown;
    try {
      data = JSON.parse(content.replace(/^\uFEFF/, ""));
    } catch (error) {
      return [{ name: fileName, reason: `not valid JSON: ${(error as Error).message}` }];
    }
    const items = Array.isArray(data) ? data : [data];
    if (items.length === 0) return [{ name: fileName, reason: "the JSON array is empty" }];
    return items.map((item, i) => draftFromObject(items.length > 1 ? `${fileName} #${i + 1}` : fileName, fileName, item));
  }
  const lines = content.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  const drafts: (DocumentDraft | DraftRefusal)[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    const name = `${fileName} line ${i + 1}`;
    try {
      drafts.push(draftFromObject(name, fileName, JSON.parse(line)));
    } catch (error) {
      drafts.push({ name, reason: `not valid JSON: ${(error as Error).message}` });
    }
  });
  return drafts.length ? drafts : [{ name: fileName, reason: "the file has no JSON lines" }];
}
