import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, expect, test } from "vitest";
import { removeEmbeddedData, startEmbeddedPostgres } from "@/lib/server/db/embedded-postgres";

const dir = path.resolve(import.meta.dirname, "../../../.data", `embedded-test-${process.pid}`);
afterAll(() => {
  removeEmbeddedData(path.join(dir, "postgres"));
  fs.rmSync(dir, { recursive: true, force: true });
});

async function count(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query("SELECT count(*) AS n FROM kept")).rows[0].n);
  } finally {
    await client.end();
  }
}

test("the embedded server keeps its data across a clean stop and a restart", async () => {
  const options = { dataDir: path.join(dir, "postgres"), logFile: path.join(dir, "pg.log") };
  const first = await startEmbeddedPostgres(options);
  await first.ensureDatabase("keep");
  const client = new pg.Client({ connectionString: first.urlFor("keep") });
  await client.connect();
  await client.query("CREATE TABLE kept (n int); INSERT INTO kept VALUES (1), (2)");
  await client.end();
  await first.stop();
  // A clean shutdown removes the lock file; a crash would leave it behind.
  expect(fs.existsSync(path.join(options.dataDir, "postmaster.pid"))).toBe(false);
  expect(fs.readFileSync(options.logFile, "utf8")).toMatch(/database system is shut down/);

  const second = await startEmbeddedPostgres(options);
  try {
    expect(await count(second.urlFor("keep"))).toBe(2);
    // A launcher that died without stopping its server: the next start takes the server over.
    const third = await startEmbeddedPostgres(options);
    expect(third.port).toBe(second.port);
    expect(await count(third.urlFor("keep"))).toBe(2);
  } finally {
    await second.stop();
  }
  // The password is not a constant: it was generated for this data directory.
  expect(fs.readFileSync(path.join(dir, "postgres-password"), "utf8").trim()).toMatch(/^[A-Za-z0-9_-]{32}$/);
});
