// Upload limits at the HTTP edge, for every path that reads a body: JSON bodies (1 MB), document
// import (50 MB, 200 files, 5 MB per document), annotation import (50 MB, 2000 files, zips
// within their unpacking limits) and project restore (50 MB, one file). A body over a limit is
// refused with 413 and a message that names it, while it streams in — whether its Content-Length
// announced it, lied about it, or was left out — and a refused upload writes nothing. Zip bombs
// are refused before they are inflated, or the moment they inflate past what they declared.
import { createDeflateRaw } from "node:zlib";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { DEFAULT_ZIP_LIMITS } from "@/lib/formats/import/zip-reader";
import type { RouteHandler } from "@/lib/testing/api-routes";
import { changedTables, fingerprinter, type Fingerprinter } from "@/lib/testing/db-fingerprint";
import { useTestDatabase } from "@/lib/testing/test-database";
import { createTrickyProject } from "@/lib/testing/tricky-project";
import { buildZip } from "@/lib/testing/zip-builder";

const session = vi.hoisted(() => ({ userId: "" }));
vi.mock("@/lib/auth", () => ({ auth: async () => (session.userId ? { user: { id: session.userId } } : null) }));

const MB = 1024 * 1024;

let fingerprints: Fingerprinter;
let projectId: string;
let routes: {
  projects: RouteHandler;
  documents: RouteHandler;
  annotationImport: RouteHandler;
  restore: RouteHandler;
};

beforeAll(async () => {
  const url = await useTestDatabase();
  fingerprints = await fingerprinter(url);
  const fixture = await createTrickyProject("limits");
  session.userId = fixture.owner.id;
  projectId = fixture.project.id;
  routes = {
    projects: (await import("@/app/api/projects/route")).POST as RouteHandler,
    documents: (await import("@/app/api/projects/[id]/documents/route")).POST as RouteHandler,
    annotationImport: (await import("@/app/api/projects/[id]/annotation-import/route")).POST as RouteHandler,
    restore: (await import("@/app/api/projects/import/route")).POST as RouteHandler,
  };
});

afterAll(async () => {
  await fingerprints?.close();
});

/** A body that never ends (64 KB chunks of `fill` after `head`), counting what the server pulled. */
function endlessBody(head = "", fill = 0x61) {
  const chunk = new Uint8Array(64 * 1024).fill(fill);
  let pulled = 0;
  let first = true;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = first ? new Uint8Array([...Buffer.from(head), ...chunk]) : chunk;
      first = false;
      pulled += next.byteLength;
      controller.enqueue(next);
    },
  }, { highWaterMark: 0 }); // pulled only when the server reads, so `pulled` is what it read
  return { stream, pulled: () => pulled };
}

const BOUNDARY = "----limits";
const multipartHead = (name: string) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`;

type Init = { body: BodyInit; contentType?: string; contentLength?: number };

/** Calls `handler` and answers its status and JSON body, and which tables it changed. */
async function send(handler: RouteHandler, params: Record<string, string>, { body, contentType, contentLength }: Init) {
  const headers: Record<string, string> = {};
  if (contentType) headers["content-type"] = contentType;
  if (contentLength !== undefined) headers["content-length"] = String(contentLength);
  const req = new Request("http://localhost/api/x", { method: "POST", headers, body, duplex: "half" } as RequestInit);
  const before = await fingerprints.take();
  const response = await handler(req, { params: Promise.resolve(params) });
  const json = (await response.json()) as { error?: string; details?: { report?: { outcome: string }[] }; [k: string]: unknown };
  return { status: response.status, json, changed: changedTables(before, await fingerprints.take()) };
}

function multipart(files: { name: string; data: Uint8Array | string }[], fields: Record<string, string> = {}): FormData {
  const form = new FormData();
  for (const f of files) form.append("files", new File([typeof f.data === "string" ? f.data : Buffer.from(f.data)], f.name));
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return form;
}

/** Raw deflate of `size` zero bytes, made in 1 MB steps so the test never holds them. */
async function deflatedZeros(size: number): Promise<Uint8Array> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on("data", (b: Buffer) => out.push(b));
  const done = new Promise((resolve) => deflate.on("end", resolve));
  const chunk = Buffer.alloc(MB);
  for (let written = 0; written < size; written += MB) {
    if (!deflate.write(chunk.subarray(0, Math.min(MB, size - written)))) await new Promise((resolve) => deflate.once("drain", resolve));
  }
  deflate.end();
  await done;
  return new Uint8Array(Buffer.concat(out));
}

/** A one-entry zip whose (deflated) data is `compressed`, declaring `declaredSize` bytes unpacked. */
function zipOfDeflated(name: string, compressed: Uint8Array, declaredSize: number): Uint8Array {
  // The builder deflates what it is given; swap its data for the prepared stream.
  const shell = Buffer.from(buildZip([{ name, data: new Uint8Array(0), method: 0 }]));
  const local = shell.subarray(0, 30 + name.length);
  const central = Buffer.from(shell.subarray(30 + name.length, shell.length - 22));
  const end = Buffer.from(shell.subarray(shell.length - 22));
  const header = Buffer.from(local);
  for (const h of [header, central]) {
    h.writeUInt16LE(8, h === header ? 8 : 10);
    h.writeUInt32LE(0, h === header ? 14 : 16); // CRC unknown; the size check comes first
    h.writeUInt32LE(compressed.length, h === header ? 18 : 20);
    h.writeUInt32LE(declaredSize, h === header ? 22 : 24);
  }
  end.writeUInt32LE(header.length + compressed.length, 16);
  return new Uint8Array(Buffer.concat([header, compressed, central, end]));
}

test("a JSON body over 1 MB gets 413 — announced, with a Content-Length that lies, or chunked without one — and is not read past the limit", async () => {
  const announced = endlessBody();
  expect(await send(routes.projects, {}, { body: announced.stream, contentType: "application/json", contentLength: 2 * MB })).toMatchObject({
    status: 413, json: { error: "The request body is over the limit of 1 MB." }, changed: [],
  });
  expect(announced.pulled()).toBe(0);

  for (const contentLength of [10, undefined]) {
    const body = endlessBody('{"name":"');
    expect(await send(routes.projects, {}, { body: body.stream, contentType: "application/json", contentLength })).toMatchObject({ status: 413, changed: [] });
    expect(body.pulled()).toBeGreaterThan(MB);
    expect(body.pulled()).toBeLessThanOrEqual(MB + 128 * 1024);
  }

  // Exactly at the limit is fine.
  const exact = JSON.stringify({ name: "Exactly one megabyte", description: "" });
  const padded = exact + " ".repeat(MB - exact.length);
  expect(await send(routes.projects, {}, { body: padded, contentType: "application/json" })).toMatchObject({ status: 201 });
});

test("document import: over 50 MB, multipart or JSON, gets 413 while streaming; 201 files or a 6 MB text get 413; nothing is written", async () => {
  const p = { id: projectId };
  for (const [contentType, head] of [[`multipart/form-data; boundary=${BOUNDARY}`, multipartHead("big.txt")], ["application/json", '{"documents":[{"text":"']]) {
    for (const contentLength of [1000, undefined]) {
      const body = endlessBody(head);
      const answer = await send(routes.documents, p, { body: body.stream, contentType, contentLength });
      expect(answer, contentType).toMatchObject({ status: 413, changed: [] });
      expect(answer.json.error).toMatch(/over the limit of 50 MB/);
      expect(body.pulled()).toBeLessThanOrEqual(50 * MB + 128 * 1024);
    }
  }

  const many = multipart(Array.from({ length: 201 }, (_, i) => ({ name: `doc-${i}.txt`, data: `Text ${i}` })));
  expect(await send(routes.documents, p, { body: many })).toMatchObject({ status: 413, json: { error: "At most 200 files per import; this one has 201." }, changed: [] });

  const big = await send(routes.documents, p, { body: multipart([{ name: "big.txt", data: "x".repeat(6 * MB) }, { name: "small.txt", data: "fine" }]) });
  expect(big).toMatchObject({ status: 413, changed: [] });
  expect(big.json.error).toMatch(/big\.txt: the file is 6\.0 MB, over the limit of 5\.0 MB per document/);

  const bigJson = await send(routes.documents, p, { body: JSON.stringify({ documents: [{ text: "y".repeat(6 * MB) }] }), contentType: "application/json" });
  expect(bigJson).toMatchObject({ status: 413, changed: [] });
  expect(bigJson.json.error).toMatch(/over the limit of 5\.0 MB per document/);
});

test("annotation import and project restore: over 50 MB gets 413 while streaming, too many files are refused, nothing is written", async () => {
  for (const [handler, params] of [[routes.annotationImport, { id: projectId }], [routes.restore, {}]] as const) {
    for (const contentLength of [1000, undefined]) {
      const body = endlessBody(multipartHead("big.json"));
      const answer = await send(handler, params, { body: body.stream, contentType: `multipart/form-data; boundary=${BOUNDARY}`, contentLength });
      expect(answer).toMatchObject({ status: 413, changed: [] });
      expect(answer.json.error).toMatch(/over the limit of 50 MB per import/);
      expect(body.pulled()).toBeLessThanOrEqual(50 * MB + 128 * 1024);
    }
  }
  const ann = (i: number) => [{ name: `d${i}.txt`, data: "Kim" }, { name: `d${i}.ann`, data: "T1\tPerson 0 3\tKim\n" }];
  expect(await send(routes.annotationImport, { id: projectId }, { body: multipart(Array.from({ length: 1001 }, (_, i) => ann(i)).flat()) })).toMatchObject({
    status: 413, json: { error: "At most 2000 files at once." }, changed: [],
  });
  expect(await send(routes.restore, {}, { body: multipart([{ name: "a.json", data: "{}" }, { name: "b.json", data: "{}" }]) })).toMatchObject({
    status: 400, json: { error: "Upload exactly one workbench export (.json)." }, changed: [],
  });
});

test("zip bombs in an annotation import are refused with a reason before they fill memory, and nothing is written", async () => {
  const p = { id: projectId };
  const upload = (zip: Uint8Array, name = "corpus.zip") => send(routes.annotationImport, p, { body: multipart([{ name, data: zip }]) });
  const zeros200 = await deflatedZeros(200 * MB);
  expect(zeros200.length).toBeLessThan(MB);

  // Declares its real size, 200 MB: refused from the directory, nothing inflated.
  const honest = await upload(zipOfDeflated("zeros.txt", zeros200, 200 * MB));
  expect(honest).toMatchObject({ status: 413, json: { error: 'the zip entry "zeros.txt" would unpack to 200 MB; one file may be at most 50 MB' }, changed: [] });

  // Within the size limits but compressed 1000 to 1: no text file compresses like that.
  const dense = await upload(zipOfDeflated("dense.txt", await deflatedZeros(20 * MB), 20 * MB));
  expect(dense).toMatchObject({ status: 413, changed: [] });
  expect(dense.json.error).toMatch(/compressed \d+ to 1, more than a real text file ever is \(limit 100 to 1\)/);

  // Claims 1,000 bytes but inflates to 200 MB: inflating stops at the 1,000 it declared.
  const started = performance.now();
  const liar = await upload(zipOfDeflated("liar.txt", zeros200, 1000));
  expect(liar).toMatchObject({ status: 413, json: { error: 'the zip entry "liar.txt" unpacks to more than the 1,000 bytes it declares; refusing a likely zip bomb' }, changed: [] });
  expect(performance.now() - started).toBeLessThan(1000);

  // More entries than allowed: refused from the directory.
  const crowd = buildZip(Array.from({ length: DEFAULT_ZIP_LIMITS.maxEntries + 1 }, (_, i) => ({ name: `f${i}.txt`, data: "", method: 0 as const })));
  expect(await upload(crowd)).toMatchObject({ status: 413, json: { error: "the zip has 10,001 entries; at most 10,000 are allowed" }, changed: [] });

  // A zip inside the zip is not unpacked: it is reported as a file that is not brat.
  const inner = buildZip([{ name: "bomb.txt", data: new Uint8Array(10 * MB) }]);
  const nested = await upload(buildZip([{ name: "doc.txt", data: "Kim" }, { name: "doc.ann", data: "T1\tPerson 0 3\tKim\n" }, { name: "inner.zip", data: inner, method: 0 }]));
  expect(nested.status).toBe(200);
  expect(JSON.stringify(nested.json.problems)).toContain('"file":"inner.zip","message":"ignored: not a brat .txt or .ann file"');

  // Two zips in one upload are refused, so the unpacking limits hold per upload, not per zip.
  expect(await send(routes.annotationImport, p, { body: multipart([{ name: "a.zip", data: inner }, { name: "b.zip", data: inner }]) })).toMatchObject({
    status: 400, changed: [],
  });

  // Entries sharing their compressed bytes (the overlapping-files bomb).
  const two = Buffer.from(buildZip([{ name: "a.txt", data: "a".repeat(100) }, { name: "b.txt", data: "a".repeat(100) }]));
  const second = two.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), two.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 4);
  two.writeUInt32LE(0, second + 42);
  const overlapping = await upload(new Uint8Array(two));
  expect(overlapping).toMatchObject({ status: 400, changed: [] });
  expect(overlapping.json.error).toMatch(/overlap; this archive is malformed or a zip bomb/);
});
