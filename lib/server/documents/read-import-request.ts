import "server-only";
import { z } from "zod";
import { draftFromObject, normalizePublishedOn, parseUploadedFile, type DocumentDraft, type DocumentMeta, type DraftRefusal } from "@/lib/documents/parse-upload";
import { isWebUrl, WEB_URL_RULE } from "@/lib/documents/source-url";
import { unstorableText } from "@/lib/schemas/text";
import { AppError } from "@/lib/server/errors";
import { megabytes, readFormData } from "@/lib/server/http/read-body";
import { readJson } from "@/lib/server/http/route";
import { maxDocumentBytes, type ImportOptions } from "@/lib/server/documents/import-documents";

export const maxImportBytes = () => Number(process.env.MAX_IMPORT_BYTES ?? 50 * 1024 * 1024);
export const MAX_IMPORT_FILES = 200;

const trimSchema = z
  .union([z.boolean(), z.array(z.union([z.string(), z.object({ name: z.string(), head: z.boolean().optional(), tail: z.boolean().optional() }).strict()])).max(10_000)])
  .default(false);

const metaText = (max: number) => z.string().max(max, { error: `at most ${max} characters` }).refine((v) => !unstorableText(v), { error: "contains characters text cannot hold" });
/** A person's corrections to one file's metadata, from the preview. An empty string clears a value. */
const correctionSchema = z
  .object({
    title: metaText(300),
    publisher: metaText(300),
    author: metaText(300),
    language: metaText(35),
    sourceUrl: z.string().max(2000).refine((v) => v === "" || isWebUrl(v), { error: WEB_URL_RULE }),
    publishedOn: z.string().max(40).refine((v) => !(normalizePublishedOn(v) instanceof Error), { error: "not a date like 2019, 2019-04 or 2019-04-25" }),
  })
  .partial()
  .strict();
const metaSchema = z.record(z.string().max(1000), correctionSchema).optional();

/** The corrections with dates in their stored form. */
function readCorrections(value: z.infer<typeof metaSchema>): Record<string, DocumentMeta> | undefined {
  if (!value) return undefined;
  return Object.fromEntries(
    Object.entries(value).map(([name, meta]) => {
      const date = meta.publishedOn === undefined ? undefined : normalizePublishedOn(meta.publishedOn);
      return [name, { ...meta, ...(meta.publishedOn !== undefined ? { publishedOn: typeof date === "string" ? date : "" } : {}) }];
    }),
  );
}

export const jsonImportSchema = z.object({
  documents: z
    .array(z.object({ name: z.string().max(300).optional(), text: z.string() }).loose())
    .min(1, { error: "Add at least one document" })
    .max(10_000),
  trim: trimSchema,
  dryRun: z.boolean().default(false),
  meta: metaSchema,
});

export type ImportRequest = { drafts: (DocumentDraft | DraftRefusal)[]; options: ImportOptions };

/** Reads an import from multipart/form-data (files) or JSON ({documents: [{text, ...}]}). */
export async function readImportRequest(req: Request): Promise<ImportRequest> {
  const limit = maxImportBytes();
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > limit) {
    throw new AppError("TOO_LARGE", `This import is ${(declared / 1048576).toFixed(1)} MB; one import may be at most ${(limit / 1048576).toFixed(0)} MB. Import fewer files at a time.`);
  }
  const type = req.headers.get("content-type") ?? "";
  if (type.startsWith("multipart/form-data")) return readMultipart(req);
  if (type.startsWith("application/json")) {
    const body = await readJson(req, jsonImportSchema, limit);
    return {
      drafts: body.documents.map((doc, i) => draftFromObject(doc.name ?? `document ${i + 1}`, null, doc)),
      options: { trim: body.trim, dryRun: body.dryRun, meta: readCorrections(body.meta) },
    };
  }
  throw new AppError("INVALID_INPUT", "Send files as multipart/form-data (field \"files\") or JSON {\"documents\": [{\"text\": …}]}.");
}

/**
 * The form of a multipart upload and its files (field "files"), or a clear 400; 413 as soon as
 * more than the import limit arrives, whatever Content-Length said.
 */
export async function readForm(req: Request): Promise<{ form: FormData; files: File[] }> {
  const form = await readFormData(req, maxImportBytes(), (limit) => `This upload is over the limit of ${megabytes(limit)} per import. Import fewer files at a time.`);
  return { form, files: form.getAll("files").filter((f): f is File => typeof f === "object" && f !== null && "arrayBuffer" in f) };
}

async function readMultipart(req: Request): Promise<ImportRequest> {
  const { form, files } = await readForm(req);
  const pasted = form.get("text");
  if (files.length > MAX_IMPORT_FILES) {
    throw new AppError("TOO_LARGE", `At most ${MAX_IMPORT_FILES} files per import; this one has ${files.length}.`);
  }
  const drafts: (DocumentDraft | DraftRefusal)[] = [];
  for (const file of files) {
    const plain = /\.(txt|md)$/i.test(file.name);
    // A plain-text file is one document, so its size alone can exceed the per-document limit.
    if (plain && file.size > maxDocumentBytes()) {
      drafts.push({
        name: file.name,
        reason: `the file is ${(file.size / 1048576).toFixed(1)} MB, over the limit of ${(maxDocumentBytes() / 1048576).toFixed(1)} MB per document`,
        tooLarge: true,
      });
      continue;
    }
    drafts.push(...parseUploadedFile(file.name, new Uint8Array(await file.arrayBuffer())));
    // Reading a web page takes up to a few hundred milliseconds: let other requests in between files.
    if (/\.html?$/i.test(file.name)) await new Promise((resolve) => setImmediate(resolve));
  }
  if (typeof pasted === "string" && pasted.trim()) {
    drafts.push(draftFromObject("pasted text", null, { text: pasted, title: form.get("title") ?? undefined }));
  }
  let trim: ImportOptions["trim"] = false;
  const trimField = form.get("trim");
  if (trimField === "all" || trimField === "true") trim = true;
  else if (typeof trimField === "string" && trimField.startsWith("[")) {
    const parsed = trimSchema.safeParse(parseJsonField(trimField));
    if (!parsed.success) throw new AppError("INVALID_INPUT", 'The "trim" field must be "all", "none" or a JSON array of names (or {"name", "head", "tail"} objects).');
    trim = parsed.data;
  }
  let meta: ImportOptions["meta"];
  const metaField = form.get("meta");
  if (typeof metaField === "string" && metaField.trim()) {
    const parsed = metaSchema.safeParse(parseJsonField(metaField));
    if (!parsed.success) throw new AppError("INVALID_INPUT", `The "meta" field: ${describeIssue(parsed.error)}`);
    meta = readCorrections(parsed.data);
  }
  return { drafts, options: { trim, dryRun: form.get("dryRun") === "true", meta } };
}

function parseJsonField(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/** "for "002.txt", publishedOn: not a date like …" — which file and which field. */
function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "not valid";
  const [name, field] = issue.path.map(String);
  if (name === undefined) return 'expected a JSON object {"<file name>": {"title": …, "publisher": …}}';
  return `for "${name}"${field ? `, ${field}` : ""}: ${issue.message}`;
}
