import { expect, test } from "vitest";
import { probeSession } from "@/lib/client/session-probe";

const answer = (status: number, body: unknown) => (async () => new Response(JSON.stringify(body), { status })) as typeof fetch;

test("sending resumes only when signed in again as the same person", async () => {
  expect(await probeSession("u1", answer(200, { user: { id: "u1", name: "A" }, expires: "x" }))).toBe("same");
  expect(await probeSession("u1", answer(200, { user: { id: "u2" } }))).toBe("other");
  expect(await probeSession("u1", answer(200, null))).toBe("none");
  expect(await probeSession("u1", answer(200, {}))).toBe("none");
  expect(await probeSession("u1", answer(503, { error: "down" }))).toBe("unreachable");
  expect(await probeSession("u1", (async () => { throw new TypeError("Failed to fetch"); }) as typeof fetch)).toBe("unreachable");
  expect(await probeSession("u1", (async () => new Response("<html>", { status: 200 })) as typeof fetch)).toBe("none");
});
