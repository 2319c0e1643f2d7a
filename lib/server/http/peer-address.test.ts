// Through a real HTTP server: whatever X-Forwarded-For a client writes, the address the rate limits
// see is the connection's.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { installPeerAddress } from "@/lib/server/http/peer-address";
import { clientAddress } from "@/lib/server/auth/rate-limit";

let server: http.Server;
let url: string;

beforeAll(async () => {
  await installPeerAddress();
  server = http.createServer((req, res) => {
    const headers = new Headers();
    if (req.headers["x-forwarded-for"]) headers.set("x-forwarded-for", String(req.headers["x-forwarded-for"]));
    res.end(clientAddress(headers, 0));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test("a new X-Forwarded-For on every request does not change the address seen without a trusted proxy", async () => {
  const seen = new Set<string>();
  for (let i = 0; i < 5; i++) seen.add(await (await fetch(url, { headers: { "x-forwarded-for": `10.9.8.${i}` } })).text());
  seen.add(await (await fetch(url)).text());
  expect([...seen]).toEqual(["127.0.0.1"]);
});
