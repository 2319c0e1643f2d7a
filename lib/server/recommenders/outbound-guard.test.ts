// A project's owner types in the address of a model server and the workbench calls it: without a
// guard anyone (anyone may make a project) could have the server call its own private network and
// read the start of the answer in the settings page's error. Real HTTP server on this machine;
// it counts what reaches it.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, expect, test } from "vitest";
import { callModelServer } from "@/lib/server/recommenders/model-server";
import { isPrivateAddress } from "@/lib/server/recommenders/outbound-guard";

let server: http.Server;
let port = 0;
let reached = 0;
const allowed = process.env.RECOMMENDER_PRIVATE_HOSTS;

beforeAll(async () => {
  server = http.createServer((_req, res) => {
    reached++;
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ secret: "internal-only" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterEach(() => {
  process.env.RECOMMENDER_PRIVATE_HOSTS = allowed;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const call = (url: string) => callModelServer(url, { method: "GET", timeoutMs: 5_000 });

test("a model server on a private address is not called, by address or by name, and the message says why and how to allow it", async () => {
  delete process.env.RECOMMENDER_PRIVATE_HOSTS;
  for (const url of [`http://127.0.0.1:${port}/health`, `http://localhost:${port}/health`, `http://[::ffff:127.0.0.1]:${port}/health`, `http://[::ffff:7f00:1]:${port}/health`, `http://2130706433:${port}/health`]) {
    const refused = await call(url).then(() => null, (e: Error) => e);
    expect(refused?.message, url).toMatch(/was not called: .* is in a private network \(.*\); the workbench does not call private addresses unless the operator allows them \(RECOMMENDER_PRIVATE_HOSTS\)/);
    expect(refused?.message).not.toContain("internal-only");
  }
  // Cloud metadata and other private ranges, refused before any connection is tried.
  for (const url of ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.1:9090/predict", "http://[fd00::1]/health", "http://0.0.0.0:5432/"]) {
    await expect(call(url), url).rejects.toThrow(/private network/);
  }
  expect(reached).toBe(0);
});

test("the operator can allow a private host by address, by name or by range; `*` allows every one", async () => {
  for (const [setting, url] of [
    ["127.0.0.1", `http://127.0.0.1:${port}/health`],
    ["localhost", `http://localhost:${port}/health`],
    ["10.0.0.0/8, 127.0.0.0/8", `http://127.0.0.1:${port}/health`],
    ["*", `http://localhost:${port}/health`],
  ]) {
    process.env.RECOMMENDER_PRIVATE_HOSTS = setting;
    const before = reached;
    await expect(call(url), setting).resolves.toEqual({ secret: "internal-only" });
    expect(reached).toBe(before + 1);
  }
  // Allowing one host is not allowing the others.
  process.env.RECOMMENDER_PRIVATE_HOSTS = "10.1.2.3";
  await expect(call(`http://127.0.0.1:${port}/health`)).rejects.toThrow(/private network/);
});

test("which addresses count as private", () => {
  for (const address of ["127.0.0.1", "10.20.30.40", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "::", "fd12:3456::1", "fe80::1", "::ffff:10.0.0.1", "::ffff:a00:1", "::7f00:1", "::10.0.0.1", "2002:7f00:1::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2", "not an address"]) {
    expect(isPrivateAddress(address), address).toBe(true);
  }
  for (const address of ["8.8.8.8", "1.1.1.1", "172.32.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"]) {
    expect(isPrivateAddress(address), address).toBe(false);
  }
});
