// The command line against a real database: `npm run cli -- export` writes the chosen format to
// standard output (progress on standard error), and bad flags fail with a message, not a trace.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, expect, test } from "vitest";
import { useTestDatabase } from "@/lib/testing/test-database";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
let url: string;
let fixture: Awaited<ReturnType<typeof import("@/lib/testing/tricky-project").createTrickyProject>>;

beforeAll(async () => {
  url = await useTestDatabase();
  fixture = await (await import("@/lib/testing/tricky-project")).createTrickyProject("cli");
});

const cli = (...args: string[]) =>
  run(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", path.join(root, "lib/cli/cli.ts"), ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url },
    maxBuffer: 64 * 1024 * 1024,
  });

test("export writes JSONL to standard output and a summary to standard error", async () => {
  const { stdout, stderr } = await cli("export", "--project", fixture.project.name, "--format", "jsonl", "--layers", "gold");
  const lines = stdout.trim().split("\n").map((l) => JSON.parse(l));
  // The gold layer's file: the one document curated so far, its line saying which layer it is.
  expect(lines).toHaveLength(1);
  const tricky = lines.find((l) => l.text === fixture.text);
  expect(tricky.label).toEqual([[fixture.ids.kim.start, fixture.ids.kim.end, "Person"]]);
  expect(tricky.layer).toBe("gold");
  expect(stderr).toMatch(/Exported 1 annotations from 1 documents as jsonl/);
}, 60_000);

test("unknown projects and formats fail with a message and exit code 2", async () => {
  const error = await cli("export", "--project", "No such project", "--format", "jsonl").catch((e) => e);
  expect(error.code).toBe(2);
  expect(error.stderr).toContain('No project "No such project"');
  const bad = await cli("export", "--project", fixture.project.id, "--format", "docx").catch((e) => e);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain("format must be one of");
}, 60_000);

test("backup writes every project; after the project is gone, restore brings it back exactly", async () => {
  const fs = await import("node:fs");
  const os = await import("node:os");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wb-backup-"));
  try {
    const { stderr } = await cli("backup", "--out", dir);
    expect(stderr).toMatch(/Backed up 1 project/);
    const file = path.join(dir, `${fixture.project.id}.json`);
    const before = JSON.parse(fs.readFileSync(file, "utf8"));
    const { db } = await import("@/lib/db");
    await db.annotation.deleteMany({ where: { projectId: fixture.project.id } });
    await db.project.delete({ where: { id: fixture.project.id } });
    const { stdout } = await cli("restore", file);
    expect(JSON.parse(stdout)).toMatchObject({ status: "created", project: { id: fixture.project.id } });
    await cli("backup", "--out", dir);
    const after = JSON.parse(fs.readFileSync(file, "utf8"));
    expect({ ...after, exportedAt: undefined }).toEqual({ ...before, exportedAt: undefined });
    // Restoring again changes nothing.
    expect(JSON.parse((await cli("restore", file)).stdout).status).toBe("already-present");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
