// Production as documented in lib/deploy/README.md: `npm run build` (done by the e2e web server already),
// `npm run db:migrate` against an external DATABASE_URL, then `npm run start:prod` — which never
// migrates or seeds by itself and says so in its health check until the migrate step ran.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { removeEmbeddedData, startEmbeddedPostgres, type EmbeddedPostgres } from "../lib/server/db/embedded-postgres";
import { newUser } from "./fixtures";

const ROOT = path.resolve(import.meta.dirname, "..");
const PORT = Number(process.env.E2E_PORT ?? 3100) + 9;
const DATA = path.join(ROOT, ".data", `e2e-production-${PORT}`);

let database: EmbeddedPostgres | null = null;
let server: ChildProcess | null = null;
let output = "";

test.afterAll(async () => {
  if (server?.pid && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once("exit", resolve));
    process.kill(-server.pid, "SIGTERM");
    await exited;
  }
  await database?.stop();
  removeEmbeddedData(path.join(DATA, "postgres"));
  fs.rmSync(DATA, { recursive: true, force: true });
});

const npm = (script: string, env: Record<string, string>) =>
  spawnSync("npm", ["run", "--silent", script], { cwd: ROOT, env: { ...process.env, ...env }, encoding: "utf8" });

async function health(): Promise<{ status: number; body: Record<string, unknown> } | null> {
  try {
    const response = await fetch(`http://127.0.0.1:${PORT}/api/health`);
    return { status: response.status, body: await response.json() };
  } catch {
    return null;
  }
}

test("start:prod serves from an external DATABASE_URL once `npm run db:migrate` has run, and not before", async ({ request }) => {
  test.setTimeout(120_000);
  removeEmbeddedData(path.join(DATA, "postgres"));
  fs.rmSync(DATA, { recursive: true, force: true });
  fs.mkdirSync(DATA, { recursive: true });
  // Any PostgreSQL reachable by URL will do; the app only sees DATABASE_URL.
  database = await startEmbeddedPostgres({ dataDir: path.join(DATA, "postgres"), logFile: path.join(DATA, "postgres.log"), port: 0 });
  await database.ensureDatabase("production");
  const DATABASE_URL = database.urlFor("production");

  server = spawn("npm", ["run", "start:prod", "--", "-p", String(PORT), "-H", "127.0.0.1"], {
    cwd: ROOT,
    detached: true,
    env: { ...process.env, DATABASE_URL, AUTH_SECRET: "production-test-secret-0123456789abcdef", NODE_ENV: "production" },
  });
  server.stdout?.on("data", (d) => (output += d));
  server.stderr?.on("data", (d) => (output += d));

  // Not migrated: the server runs but its health check says what is missing and how to fix it.
  await expect.poll(async () => (await health())?.status, { timeout: 60_000, message: output }).toBe(503);
  const behind = (await health())!.body as { schema: { status: string; pending: string[]; error: string } };
  expect(behind.schema.status).toBe("behind");
  expect(behind.schema.pending).toContain("20261124140000_init");
  expect(behind.schema.error).toContain("npm run db:migrate");

  const migrated = npm("db:migrate", { DATABASE_URL });
  expect(migrated.status, migrated.stderr).toBe(0);
  expect(migrated.stdout).toMatch(/^Applied: 20261124140000_init, /);
  const again = npm("db:migrate", { DATABASE_URL });
  expect(again.stdout).toMatch(/^Up to date \(\d+ migrations\)/);

  await expect.poll(async () => (await health())?.status, { timeout: 10_000 }).toBe(200);
  expect((await health())!.body).toMatchObject({ status: "ok", database: { status: "ok" }, schema: { status: "current" } });

  // A working workbench on that database, with no demo data: production never seeds.
  const base = `http://127.0.0.1:${PORT}`;
  const user = newUser("prod");
  expect((await request.post(`${base}/api/users`, { data: user })).status()).toBe(201);
  const csrf = (await (await request.get(`${base}/api/auth/csrf`)).json()).csrfToken as string;
  const signedIn = await request.post(`${base}/api/auth/callback/credentials`, { form: { email: user.email, password: user.password, csrfToken: csrf }, maxRedirects: 0 });
  expect(signedIn.status()).toBe(302);
  const project = await request.post(`${base}/api/projects`, { data: { name: "Production check" } });
  expect(project.status()).toBe(201);
  const listed = (await (await request.get(`${base}/api/projects`)).json()).projects as { name: string }[];
  expect(listed.map((p) => p.name)).toEqual(["Production check"]);
  expect(output).not.toMatch(/Applied migrations|Imported \d+ sample/);
});
