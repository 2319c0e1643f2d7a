// The browser's API helper: error answers become messages, and a success whose body was cut off
// (the server went away mid-answer) is an error too — never an empty object passed on as data.
import { afterEach, expect, test, vi } from "vitest";
import { api, ApiError } from "@/lib/api-client";

afterEach(() => vi.unstubAllGlobals());

const answering = (body: string, status = 200) => vi.stubGlobal("fetch", async () => new Response(body, { status, headers: { "content-type": "application/json" } }));

test("a 200 with a whole JSON body is the data", async () => {
  answering(JSON.stringify({ candidates: [1, 2] }));
  expect(await api<{ candidates: number[] }>("/x")).toEqual({ candidates: [1, 2] });
});

test("a 200 whose body was cut off is an error saying so, not {}", async () => {
  answering('{"candidates":[{"id":"a"');
  await expect(api("/x")).rejects.toMatchObject({ status: 200, message: expect.stringMatching(/cut off/) });
});

test("an error answer carries the server's message; one without a JSON body says the status", async () => {
  answering(JSON.stringify({ error: "Not found", code: "NOT_FOUND" }), 404);
  await expect(api("/x")).rejects.toMatchObject({ status: 404, message: "Not found" });
  answering("<html>bad gateway</html>", 502);
  const error = await api("/x").catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  expect((error as ApiError).message).toBe("Request failed (502)");
});
