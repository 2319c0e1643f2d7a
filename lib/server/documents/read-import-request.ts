import "server-only";
import { z } from "zod";
import { draftFromObject, parseUploadedFile, type DocumentDraft, type DraftRefusal } from "@/lib/documents/parse-upload";
import { AppError } from "@/lib/server/errors";
import { megabytes, readFormData } from "@/lib/server/http/read-body";
import { readJson } from "@/lib/server/http/route";
import { maxDocumentBytes, type ImportOptions } from "@/lib/server/documents/import-documents";

export const maxImportBytes = () => Number(process.env.MAX_IMPORT_BYTES ?? 50 * 1024 * 1024);
export const MAX_IMPORT_FILES = 200;

const trimSchema = z.union([z.boolean(), z.array(z.string()).max(10_000)]).default(false);

const jsonImportSchema = z.object({
  documents: z
    .array(z.object({ name: z.string().max(300).optional(), text: z.string() }).loose())
    .min(1, { error: "Add at least one document" })
    .max(10_000),
  trim: trimSchema,
  dryRun: z.boolean().default(false),
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
      options: { trim: body.trim, dryRun: body.dryRun },
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
  }
  if (typeof pasted === "string" && pasted.trim()) {
    drafts.push(draftFromObject("pasted text", null, { text: pasted, title: form.get("title") ?? undefined }));
  }
  let trim: ImportOptions["trim"] = false;
  const trimField = form.get("trim");
  if (trimField === "all" || trimField === "true") trim = true;
  else if (typeof trimField === "string" && trimField.startsWith("[")) {
    let value: unknown;
    try {
      value = JSON.parse(trimField);
    } catch {
      value = undefined;
    }
    const parsed = trimSchema.safeParse(value);
    if (!parsed.success) throw new AppError("INVALID_INPUT", 'The "trim" field must be "all", "none" or a JSON array of names.');
    trim = parsed.data;
  }
  return { drafts, options: { trim, dryRun: form.get("dryRun") === "true" } };
}
