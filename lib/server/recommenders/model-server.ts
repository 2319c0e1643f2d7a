import "server-only";
import { fetch } from "undici";
import { AppError } from "@/lib/server/errors";
import { checkLiteralHost, guardedAgent, OutboundRefused } from "@/lib/server/recommenders/outbound-guard";

// Calling a model server: one HTTP request with a time limit and a cap on the answer's size.
// Every failure becomes a ModelServerError whose message is fit for the settings page (it never
// carries the API key); nothing here throws anything else. Private addresses are refused unless
// the operator allows them (outbound-guard.ts).

export class ModelServerError extends Error {}

/** Largest answer read from a model server. */
export const MAX_ANSWER_BYTES = 20 * 1024 * 1024;

export async function callModelServer(url: string, init: { method: "GET" | "POST"; body?: unknown; headers?: Record<string, string>; timeoutMs: number }): Promise<unknown> {
  let response: Awaited<ReturnType<typeof fetch>>;
  try {
    checkLiteralHost(new URL(url));
    response = await fetch(url, {
      dispatcher: guardedAgent(),
      method: init.method,
      headers: { accept: "application/json", ...(init.body !== undefined ? { "content-type": "application/json" } : {}), ...init.headers },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
      signal: AbortSignal.timeout(init.timeoutMs),
      redirect: "error",
    });
  } catch (e) {
    if (e instanceof OutboundRefused) throw new ModelServerError(`${init.method} ${url} was not called: ${e.message}`);
    const cause = (e as { cause?: unknown }).cause;
    if (cause instanceof OutboundRefused) throw new ModelServerError(`${init.method} ${url} was not called: ${cause.message}`);
    const name = (e as Error).name;
    if (name === "TimeoutError" || name === "AbortError") throw new ModelServerError(`${init.method} ${url} did not answer within ${init.timeoutMs / 1000} s`);
    throw new ModelServerError(`${init.method} ${url} could not be reached (${(e as Error).message})`);
  }
  const tooLarge = () => new ModelServerError(`${init.method} ${url} answered with more than ${MAX_ANSWER_BYTES / 1024 / 1024} MB`);
  let text: string;
  try {
    const declared = Number(response.headers.get("content-length") ?? 0);
    if (declared > MAX_ANSWER_BYTES) throw tooLarge();
    // Counted as it arrives: a chunked answer declares no length, and reading it whole first
    // would hold whatever the server sends until the time limit.
    const chunks: Uint8Array[] = [];
    let bytes = 0;
    if (response.body) {
      for await (const chunk of response.body) {
        bytes += chunk.byteLength;
        // Leaving the loop cancels the rest of the answer.
        if (bytes > MAX_ANSWER_BYTES) throw tooLarge();
        chunks.push(chunk);
      }
    }
    text = Buffer.concat(chunks).toString("utf8");
  } catch (e) {
    if (e instanceof ModelServerError) throw e;
    const name = (e as Error).name;
    if (name === "TimeoutError" || name === "AbortError") throw new ModelServerError(`${init.method} ${url} did not finish its answer within ${init.timeoutMs / 1000} s`);
    throw new ModelServerError(`${init.method} ${url}: the answer broke off (${(e as Error).message})`);
  }
  if (!response.ok) throw new ModelServerError(`${init.method} ${url} answered ${response.status}: ${text.slice(0, 200)}`);
  try {
    return JSON.parse(text);
  } catch {
    throw new ModelServerError(`${init.method} ${url} answered with something that is not JSON: ${text.slice(0, 200)}`);
  }
}

/** A model server's base URL joined with a path ("http://host:9090" + "/predict"). */
export function endpoint(base: string, path: string): string {
  try {
    const url = new URL(base);
    url.pathname = `${url.pathname.replace(/\/+$/, "")}${path}`;
    return url.toString();
  } catch {
    throw new AppError("INVALID_INPUT", `The recommender's url is not a valid address: ${base}`);
  }
}
