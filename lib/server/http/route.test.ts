// The request checks every API route goes through: cross-site requests are refused by origin
// (scheme, host and port), and JSON bodies must say they are JSON.
import { afterEach, expect, test } from "vitest";
import { z } from "zod";
import { checkOrigin, readJson } from "@/lib/server/http/route";
import { AppError } from "@/lib/server/errors";

afterEach(() => {
  delete process.env.TRUST_PROXY;
});

function refusal(run: () => unknown): AppError | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  return undefined;
}

const post = (url: string, headers: Record<string, string>) => new Request(url, { method: "POST", headers });

test("a changing request is let through only from this server's own scheme, host and port", () => {
  const own = { host: "workbench.test:3000" };
  expect(refusal(() => checkOrigin(post("http://workbench.test:3000/api/x", { ...own, origin: "http://workbench.test:3000" })))).toBeUndefined();
  // No Origin: a script or the command line, which authenticate by their own means.
  expect(refusal(() => checkOrigin(post("http://workbench.test:3000/api/x", own)))).toBeUndefined();
  for (const origin of ["https://workbench.test:3000", "http://workbench.test:3001", "http://workbench.test", "http://evil.example", "null", "not a url", "http://workbench.test:3000.evil.example"]) {
    const error = refusal(() => checkOrigin(post("http://workbench.test:3000/api/x", { ...own, origin })));
    expect(error?.status, origin).toBe(403);
    expect(error?.message).toMatch(/came from another site/);
  }
  // Reading is never refused by origin.
  expect(refusal(() => checkOrigin(new Request("http://workbench.test:3000/api/x", { headers: { ...own, origin: "https://evil.example" } })))).toBeUndefined();
  // Default ports are the same origin written either way.
  expect(refusal(() => checkOrigin(post("http://workbench.test/api/x", { host: "workbench.test:80", origin: "http://workbench.test" })))).toBeUndefined();
});

test("behind a trusted proxy the forwarded scheme and host are the server's origin; untrusted, they are ignored", () => {
  const proxied = { host: "127.0.0.1:3000", "x-forwarded-host": "annotate.example.org", "x-forwarded-proto": "https" };
  const req = (origin: string) => post("http://127.0.0.1:3000/api/x", { ...proxied, origin });
  expect(refusal(() => checkOrigin(req("https://annotate.example.org")))?.status).toBe(403);
  process.env.TRUST_PROXY = "1";
  expect(refusal(() => checkOrigin(req("https://annotate.example.org")))).toBeUndefined();
  expect(refusal(() => checkOrigin(req("http://annotate.example.org")))?.status).toBe(403);
  expect(refusal(() => checkOrigin(req("https://annotate.example.org:8443")))?.status).toBe(403);
  process.env.TRUST_PROXY = "0";
  expect(refusal(() => checkOrigin(req("https://annotate.example.org")))?.status).toBe(403);
});

const schema = z.object({ name: z.string().optional() });
const body = (headers: Record<string, string>, text?: string) => new Request("http://local/api/x", { method: "POST", headers, body: text });

test("a JSON body must be sent as application/json: text/plain, forms and a missing type get 415 with a clear message", async () => {
  await expect(readJson(body({ "content-type": "application/json" }, '{"name":"a"}'), schema)).resolves.toEqual({ name: "a" });
  await expect(readJson(body({ "content-type": "application/json; charset=utf-8" }, '{"name":"a"}'), schema)).resolves.toEqual({ name: "a" });
  await expect(readJson(body({ "content-type": "application/merge-patch+json" }, '{"name":"a"}'), schema)).resolves.toEqual({ name: "a" });
  for (const type of ["text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonx", ""]) {
    const error = await readJson(body({ "content-type": type }, '{"name":"a"}'), schema).catch((e: unknown) => e);
    expect(error, type).toBeInstanceOf(AppError);
    expect((error as AppError).status, type).toBe(415);
    expect((error as AppError).message).toMatch(/Content-Type: application\/json/);
  }
  // (A string body would get text/plain from fetch's Request; bytes get no type at all.)
  const untyped = await readJson(new Request("http://local/api/x", { method: "POST", body: new TextEncoder().encode('{"name":"a"}') }), schema).catch((e: unknown) => e);
  expect((untyped as AppError).status).toBe(415);
  expect((untyped as AppError).message).toMatch(/it had none/);
  // An empty body carries nothing to mistype: it reads as {}.
  await expect(readJson(body({}), schema)).resolves.toEqual({});
});
