// An import killed halfway (kill -9 of the command line) leaves nothing half-imported, and running
// it again imports everything. To kill it at a known point, the test holds a lock on the history
// table: the import's transaction then waits there having already written its project, labels,
// documents and annotations, which pg_locks shows; the process is killed in that state.
import { spawn, execFile, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, expect, test } from "vitest";
import { useTestDatabase } from "@/lib/testing/test-database";

const root = path.resolve(import.meta.dirname, "../..");
const cliArgs = (args: string[]) => [path.join(root, "node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", path.join(root, "lib/cli/cli.ts"), ...args];
let url: string;
let dir: string;
let observer: pg.Client;
const children: ChildProcess[] = [];

beforeAll(async () => {
  url = await useTestDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "wb-killed-"));
  observer = new pg.Client({ connectionString: url });
  await observer.connect();
});

afterAll(async () => {
  // The import runs as its own process group (tsx starts a second node process): end all of it.
  for (const child of children) if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, "SIGKILL");
  await observer?.end();
  fs.rmSync(dir, { recursive: true, force: true });
});

const finish = (args: string[]) =>
  promisify(execFile)(process.execPath, cliArgs(args), { cwd: root, env: { ...process.env, DATABASE_URL: url }, maxBuffer: 64 * 1024 * 1024 });

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Runs the command line until its transaction waits on our lock on "AnnotationHistory", kills it
 * there (SIGKILL, the whole process group), and returns once PostgreSQL has ended its session.
 * Returns the tables the transaction had written to when it was killed.
 */
async function killImportHalfway(args: string[]): Promise<string[]> {
  const locker = new pg.Client({ connectionString: url });
  await locker.connect();
  let output = "";
  try {
    await locker.query("BEGIN");
    await locker.query('LOCK TABLE "AnnotationHistory" IN SHARE MODE');
    const child = spawn(process.execPath, cliArgs(args), { cwd: root, env: { ...process.env, DATABASE_URL: url }, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    child.stdout!.on("data", (d) => (output += d));
    child.stderr!.on("data", (d) => (output += d));
    const exited = new Promise((resolve) => child.once("exit", resolve));
    const pid = await waitFor(`the import to reach the history table (output so far: ${output})`, async () => {
      if (child.exitCode !== null) throw new Error(`The import ended before it could be killed:\n${output}`);
      const { rows } = await observer.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%"AnnotationHistory"%'`,
      );
      return rows[0]?.pid;
    });
    const { rows } = await observer.query<{ relname: string }>(
      `SELECT c.relname FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE l.pid = $1 AND l.granted AND l.mode = 'RowExclusiveLock' AND c.relkind = 'r' ORDER BY 1`,
      [pid],
    );
    process.kill(-child.pid!, "SIGKILL");
    await exited;
    await locker.query("ROLLBACK");
    // The server notices the client is gone once the statement gets its lock, and rolls back.
    await waitFor("the killed import's session to end", async () => {
      const left = await observer.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1", [pid]);
      return left.rowCount === 0 ? true : undefined;
    });
    return rows.map((r) => r.relname);
  } finally {
    await locker.end();
  }
}

const count = async (sql: string, params: unknown[]) => Number((await observer.query<{ n: string }>(`SELECT count(*) AS n FROM ${sql}`, params)).rows[0].n);

test("a backup restore killed halfway leaves no trace of the project; the same restore then brings all of it", async () => {
  const { createTrickyProject, exportToBytes } = await import("@/lib/testing/tricky-project");
  const { db } = await import("@/lib/db");
  const fixture = await createTrickyProject("killed");
  const { bytes } = await exportToBytes(fixture.project.id, { format: "native", review: "all" });
  const file = path.join(dir, "backup.json");
  fs.writeFileSync(file, bytes);
  const backup = JSON.parse(Buffer.from(bytes).toString("utf8")) as { project: { id: string }; documents: { id: string; annotations: { id: string; history: unknown[] }[] }[] };
  const documentIds = backup.documents.map((d) => d.id);
  const annotationIds = backup.documents.flatMap((d) => d.annotations.map((a) => a.id));
  const historyRows = backup.documents.flatMap((d) => d.annotations.flatMap((a) => a.history)).length;
  expect(annotationIds.length).toBeGreaterThan(5);
  await db.annotation.deleteMany({ where: { projectId: fixture.project.id } });
  await db.project.delete({ where: { id: fixture.project.id } });

  const written = await killImportHalfway(["restore", file]);
  expect(written).toEqual(expect.arrayContaining(["Project", "Label", "Membership", "Document", "Annotation"]));

  const projectId = backup.project.id;
  expect(await count(`"Project" WHERE id = $1`, [projectId])).toBe(0);
  expect(await count(`"Label" WHERE "projectId" = $1`, [projectId])).toBe(0);
  expect(await count(`"Membership" WHERE "projectId" = $1`, [projectId])).toBe(0);
  expect(await count(`"Document" WHERE id = ANY($1::uuid[])`, [documentIds])).toBe(0);
  expect(await count(`"Annotation" WHERE id = ANY($1::uuid[])`, [annotationIds])).toBe(0);

  const { stdout } = await finish(["restore", file]);
  expect(JSON.parse(stdout)).toMatchObject({ status: "created", project: { id: projectId } });
  expect(await count(`"Document" WHERE "projectId" = $1`, [projectId])).toBe(documentIds.length);
  expect(await count(`"Annotation" WHERE "projectId" = $1`, [projectId])).toBe(annotationIds.length);
  expect(await count(`"AnnotationHistory" WHERE "annotationId" = ANY($1::uuid[])`, [annotationIds])).toBe(historyRows);
}, 90_000);

test("an annotation import killed halfway adds no document and no annotation; run again, it adds them once", async () => {
  const { db } = await import("@/lib/db");
  const { createProject } = await import("@/lib/server/projects/create-project");
  const owner = await db.user.create({ data: { email: "killed-import@test.local", name: "Owner" } });
  const project = await createProject(owner.id, { name: "Killed import", description: "" });
  const texts = ["Kim Jong Un met Vladimir Putin in Vladivostok.", "Putin visited Pyongyang in June 2024."];
  const span = (text: string, needle: string, label: string) => [text.indexOf(needle), text.indexOf(needle) + needle.length, label];
  const file = path.join(dir, "doccano.jsonl");
  fs.writeFileSync(
    file,
    [
      { text: texts[0], label: [span(texts[0], "Kim Jong Un", "Person"), span(texts[0], "Vladivostok", "Location")] },
      { text: texts[1], label: [span(texts[1], "Putin", "Person"), span(texts[1], "Pyongyang", "Location")] },
    ].map((line) => JSON.stringify(line)).join("\n"),
  );

  const written = await killImportHalfway(["import", "--project", project.id, file]);
  expect(written).toEqual(expect.arrayContaining(["Document", "Annotation"]));
  expect(await count(`"Document" WHERE "projectId" = $1`, [project.id])).toBe(0);
  expect(await count(`"Annotation" WHERE "projectId" = $1`, [project.id])).toBe(0);

  const { stdout } = await finish(["import", "--project", project.id, file]);
  expect(JSON.parse(stdout)).toMatchObject({ kind: "annotations", totals: { accepted: 4, newDocuments: 2 } });
  expect(await count(`"Document" WHERE "projectId" = $1`, [project.id])).toBe(2);
  expect(await count(`"Annotation" WHERE "projectId" = $1`, [project.id])).toBe(4);
}, 90_000);
