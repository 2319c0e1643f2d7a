import "server-only";
import { AppError } from "@/lib/server/errors";
import { MAX_JSON_DEPTH, scanJson } from "@/lib/schemas/text";

// Request bodies are read through here, capped while they stream in: a client that sends more
// than the limit — with a Content-Length that lies, or chunked with none at all — is refused as
// soon as the limit is passed, and the rest is never read, so a large or endless body cannot
// fill the server's memory. (Request.text() and formData() would buffer all of it first.)

export const megabytes = (bytes: number) => `${(bytes / 1048576).toFixed(bytes % 1048576 === 0 ? 0 : 1)} MB`;

/** The whole body, or 413 with `tooLarge(limit)` as soon as more than `maxBytes` arrive (or are announced). */
export async function readBodyBytes(req: Request, maxBytes: number, tooLarge: (limit: number) => string): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw new AppError("TOO_LARGE", tooLarge(maxBytes));
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        // Stop reading; the client gets its answer without us taking in the rest.
        await reader.cancel().catch(() => undefined);
        throw new AppError("TOO_LARGE", tooLarge(maxBytes));
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("INVALID_INPUT", "The request body could not be read (the upload was interrupted).");
  } finally {
    reader.releaseLock();
  }
  const body = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
}

/** Parses JSON text; 400 for text that is not JSON, nests absurdly deep, or holds text the database cannot store. */
export function parseJsonText(text: string, what = "The request body"): unknown {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new AppError("INVALID_INPUT", `${what} is not valid JSON.`);
  }
  const { unstorable, tooDeep } = scanJson(data);
  if (tooDeep) throw new AppError("INVALID_INPUT", `${what} nests deeper than ${MAX_JSON_DEPTH} levels; no valid input does.`);
  if (unstorable) throw new AppError("INVALID_INPUT", `${what} has ${unstorable.problem} in ${unstorable.at ? `"${unstorable.at}"` : "its text"}; remove it — text cannot contain one.`);
  return data;
}

/** The form of a multipart/form-data body of at most `maxBytes`, or 400 when it is not one. */
export async function readFormData(req: Request, maxBytes: number, tooLarge: (limit: number) => string): Promise<FormData> {
  const type = req.headers.get("content-type") ?? "";
  const bytes = await readBodyBytes(req, maxBytes, tooLarge);
  try {
    return await new Response(bytes, { headers: { "content-type": type } }).formData();
  } catch {
    throw new AppError("INVALID_INPUT", "The upload could not be read as multipart/form-data.");
  }
}
