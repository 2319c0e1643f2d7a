import "server-only";
import type { OffsetUnit } from "@/lib/anchoring/reanchor";
import { AppError } from "@/lib/server/errors";
import { maxImportBytes, readForm } from "@/lib/server/documents/read-import-request";
import { MAX_FILES, type ImportedFile } from "@/lib/server/import/import-annotation-sets";

/** Files (field "files"), the dry-run flag and the offset unit of a multipart upload, within the import size limit. */
export async function readUpload(req: Request): Promise<{ files: ImportedFile[]; dryRun: boolean; offsetUnit?: OffsetUnit }> {
  const limit = maxImportBytes();
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > limit) throw new AppError("TOO_LARGE", `This upload is ${(declared / 1048576).toFixed(1)} MB; one import may be at most ${(limit / 1048576).toFixed(0)} MB.`);
  if (!(req.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    throw new AppError("INVALID_INPUT", 'Send the files as multipart/form-data in the field "files".');
  }
  // Capped while the body streams in, so the files together are within the limit too.
  const { form, files: uploads } = await readForm(req);
  // The import's own limit, checked before anything is read into memory or stored for a job.
  if (uploads.length > MAX_FILES) throw new AppError("TOO_LARGE", `At most ${MAX_FILES} files at once.`);
  const files = await Promise.all(uploads.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
  const unit = form.get("offsetUnit") ?? new URL(req.url).searchParams.get("offsetUnit");
  if (unit !== null && unit !== "" && unit !== "codepoint" && unit !== "utf16") {
    throw new AppError("INVALID_INPUT", 'offsetUnit is "codepoint" (Python, doccano) or "utf16" (JavaScript tools); leave it out to have it detected.');
  }
  return { files, dryRun: form.get("dryRun") === "true", offsetUnit: unit ? (unit as OffsetUnit) : undefined };
}
