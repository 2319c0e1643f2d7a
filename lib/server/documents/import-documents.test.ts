// The document import use case on a real PostgreSQL: canonical text, metadata, duplicates,
// furniture trimming and all-or-nothing refusals.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, expect, test } from "vitest";
import { parseUploadedFile } from "@/lib/documents/parse-upload";
import { useTestDatabase } from "@/lib/testing/test-database";
import { projectAccessOf } from "@/lib/testing/access";

let db: typeof import("@/lib/db").db;
let importDocuments: typeof import("@/lib/server/documents/import-documents").importDocuments;
let createProject: typeof import("@/lib/server/projects/create-project").createProject;

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  ({ importDocuments } = await import("@/lib/server/documents/import-documents"));
  ({ createProject } = await import("@/lib/server/projects/create-project"));
});

let n = 0;
async function project() {
  const user = await db.user.create({ data: { email: `imp${++n}@t.local`, name: "I" } });
  return { userId: user.id, projectId: (await createProject(user.id, { name: `P${n}`, description: "" })).id };
}
const file = (name: string, content: string | Uint8Array) => parseUploadedFile(name, typeof content === "string" ? new TextEncoder().encode(content) : content);

test("text is stored canonical, with code-point length, hash and metadata from JSON", async () => {
  const { userId, projectId } = await project();
  const drafts = [
    ...file("a.txt", "\uFEFFCafe\u0301 😀\r\nline two\r"),
    ...file("b.json", JSON.stringify([{ text: "One", title: "First", source_url: "https://example.org/1", publisher: "KCNA", date: "2019-04-25T10:00:00Z", language: "en" }, { text: "Two" }])),
    ...file("c.jsonl", '{"text": "Three", "publishedOn": "2019-04"}\n\n{"text": "Four"}\n'),
  ];
  const result = await importDocuments(await projectAccessOf(userId, projectId), drafts, { trim: false, dryRun: false });
  expect(result.report.map((r) => [r.name, r.outcome])).toEqual([
    ["a.txt", "imported"], ["b.json #1", "imported"], ["b.json #2", "imported"], ["c.jsonl line 1", "imported"], ["c.jsonl line 3", "imported"],
  ]);
  const docs = await db.document.findMany({ where: { projectId }, orderBy: { createdAt: "asc" } });
  const a = docs.find((d) => d.fileName === "a.txt")!;
  expect(a.text).toBe("Café 😀\nline two\n");
  expect(a.length).toBe(16);
  expect(a.title).toBe("Café 😀");
  expect(a.contentHash).toMatch(/^[0-9a-f]{64}$/);
  expect(docs.find((d) => d.title === "First")).toMatchObject({ sourceUrl: "https://example.org/1", publisher: "KCNA", publishedOn: "2019-04-25", language: "en" });
  expect(docs.find((d) => d.text === "Three")?.publishedOn).toBe("2019-04");
});

test("the same text again is reported as a duplicate, in the project or within one import", async () => {
  const { userId, projectId } = await project();
  await importDocuments(await projectAccessOf(userId, projectId), file("x.txt", "Same text"), { trim: false, dryRun: false });
  const again = await importDocuments(await projectAccessOf(userId, projectId), [...file("y.txt", "Same text\r\n".trim()), ...file("z.txt", "New"), ...file("z2.txt", "New")], { trim: false, dryRun: false });
  expect(again.report.map((r) => [r.outcome, r.reason ?? ""])).toEqual([
    ["duplicate", 'already in the project as "Same text"'],
    ["imported", ""],
    ["duplicate", "same text as z.txt in this import"],
  ]);
  expect(await db.document.count({ where: { projectId } })).toBe(2);
});

test("one bad item refuses the whole import and names every item's outcome", async () => {
  const { userId, projectId } = await project();
  const drafts = [
    ...file("good.txt", "fine"),
    ...file("latin1.txt", new Uint8Array([0x63, 0x61, 0x66, 0xe9])),
    ...file("bad.json", "{not json"),
    ...file("nodate.jsonl", '{"text": "x", "date": "25/04/2019"}'),
    ...file("photo.png", new Uint8Array([0x89, 0x50])),
    ...file("empty.md", "  \n\n"),
  ];
  const attempt = importDocuments(await projectAccessOf(userId, projectId), drafts, { trim: false, dryRun: false });
  await expect(attempt).rejects.toMatchObject({ status: 400 });
  const error = await attempt.catch((e) => e);
  const report = (error.details as { report: { name: string; outcome: string; reason?: string }[] }).report;
  expect(report.map((r) => [r.name, r.outcome])).toEqual([
    ["good.txt", "ready"], ["latin1.txt", "refused"], ["bad.json", "refused"], ["nodate.jsonl line 1", "refused"], ["photo.png", "refused"], ["empty.md", "refused"],
  ]);
  expect(report[1].reason).toMatch(/not valid UTF-8 text: invalid byte sequence at byte 3/);
  expect(report[3].reason).toMatch(/not a date like 2019, 2019-04 or 2019-04-25/);
  expect(report[4].reason).toMatch(/unsupported file type ".png"/);
  expect(report[5].reason).toBe("the text is empty");
  expect(error.message).toMatch(/nothing was imported/);
  expect(await db.document.count({ where: { projectId } })).toBe(0);
});

test("a document over the size limit is refused with 413", async () => {
  const { userId, projectId } = await project();
  process.env.MAX_DOCUMENT_BYTES = "1000";
  try {
    const attempt = importDocuments(await projectAccessOf(userId, projectId), [...file("ok.txt", "small"), ...file("big.txt", "é".repeat(600))], { trim: false, dryRun: false });
    await expect(attempt).rejects.toMatchObject({ status: 413, message: expect.stringMatching(/big.txt: the text is 1.2 kB, over the limit of 1.0 kB per document/) });
  } finally {
    delete process.env.MAX_DOCUMENT_BYTES;
  }
  expect(await db.document.count({ where: { projectId } })).toBe(0);
});

test("furniture is only trimmed when asked, per file, and the original is kept", async () => {
  const { userId, projectId } = await project();
  const sample = fs.readFileSync(path.resolve(import.meta.dirname, "../../../prisma/seed/corpus/001_0911b02dd773d832.txt"), "utf8");
  const drafts = [...file("kept.txt", sample), ...file("trimmed.txt", sample + "\nextra line so the hash differs\nMore Articles\n")];
  const preview = await importDocuments(await projectAccessOf(userId, projectId), drafts, { trim: true, dryRun: true });
  expect(preview.dryRun).toBe(true);
  expect(preview.report[0].furniture).toMatchObject({ removed: "Previous Post Next Post", removedLines: 1 });
  expect(await db.document.count({ where: { projectId } })).toBe(0);

  await importDocuments(await projectAccessOf(userId, projectId), drafts, { trim: ["trimmed.txt"], dryRun: false });
  const kept = await db.document.findFirstOrThrow({ where: { projectId, fileName: "kept.txt" } });
  const trimmed = await db.document.findFirstOrThrow({ where: { projectId, fileName: "trimmed.txt" } });
  expect(kept.text.endsWith("Previous Post Next Post")).toBe(true);
  expect(kept.rawText).toBeNull();
  expect(trimmed.text.endsWith("extra line so the hash differs")).toBe(true);
  expect(trimmed.rawText?.endsWith("More Articles\n")).toBe(true);
});
