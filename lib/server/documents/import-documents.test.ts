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

const sample = (name: string) => fs.readFileSync(path.resolve(import.meta.dirname, "../../../prisma/seed/corpus", name));

test("the five sample articles come in with titles, publishers and dates found in their text, and 002's header lines cut", async () => {
  const { userId, projectId } = await project();
  const names = fs.readdirSync(path.resolve(import.meta.dirname, "../../../prisma/seed/corpus")).filter((f) => f.endsWith(".txt")).sort();
  const drafts = names.flatMap((name) => parseUploadedFile(name, sample(name)));
  const result = await importDocuments(await projectAccessOf(userId, projectId), drafts, { trim: true, dryRun: false });
  expect(result.imported).toBe(5);
  const docs = await db.document.findMany({ where: { projectId }, orderBy: { fileName: "asc" }, select: { title: true, publisher: true, publishedOn: true, text: true, rawText: true } });
  expect(docs.map((d) => [d.title, d.publisher, d.publishedOn])).toEqual([
    ["April 25 is a meaningful day that marks the 5 th anniversary of the first…", "Ministry of Foreign Affairs", "2024-04-25"],
    ["Historic DPRK-Russia milestone", "Rodong Sinmun", "2020-04-23"],
    ["Korea-Russia Friendship Gains Momentum on the Road of Independence and Justice", "Ministry of Foreign Affairs", "2024-08-04"],
    ["DPRK, Russia promote traditional friendship", "The Pyongyang Times", "2022-10-12"],
    ["Press Statement by Im Chon Il, Vice-Minister for Russian Affairs, Ministry of Foreign Affairs of the Democratic People’s Republic of Korea", null, "2020-04-23"],
  ]);
  expect(docs[2].text.startsWith("Korea-Russia Friendship")).toBe(true);
  expect(docs[2].rawText!.startsWith("July 05, 2025Jul 05, 2025\nKCNA Ministry")).toBe(true);
});

test("the preview proposes, the person corrects: corrections win over what the file says and what the text suggests", async () => {
  const { userId, projectId } = await project();
  const access = await projectAccessOf(userId, projectId);
  const drafts = () => parseUploadedFile("002.txt", sample("002_3a0c81bb4ec1f5d5.txt"));
  const preview = await importDocuments(access, drafts(), { trim: true, dryRun: true });
  const item = preview.report[0];
  expect(item.header).toMatchObject({ trimmed: true, reasons: ["the site's dateline", "a section label", 'a "Read original" / source line'] });
  expect(item.meta).toMatchObject({ title: "Korea-Russia Friendship Gains Momentum on the Road of Independence and Justice", publishedOn: "2024-08-04", language: "en" });
  expect(item.evidence?.publishedOn).toContain("read as 4 August: the text mentions August 4");
  expect(await db.document.count({ where: { projectId } })).toBe(0);

  // Keep the header, cut the end; rename, set the publisher, clear the language.
  const result = await importDocuments(access, drafts(), {
    trim: [{ name: "002.txt", head: false, tail: true }],
    dryRun: false,
    meta: { "002.txt": { title: "Korea–Russia friendship (MFA, Aug 2024)", publisher: "DPRK Ministry of Foreign Affairs", language: "" } },
  });
  expect(result.report[0].evidence).toMatchObject({ title: "your correction", publisher: "your correction" });
  const doc = await db.document.findFirstOrThrow({ where: { projectId } });
  expect(doc).toMatchObject({ title: "Korea–Russia friendship (MFA, Aug 2024)", publisher: "DPRK Ministry of Foreign Affairs", language: null, publishedOn: "2024-08-04" });
  expect(doc.text.startsWith("July 05, 2025Jul 05, 2025")).toBe(true);
  expect(doc.text.trimEnd().endsWith("higher stage of its development.")).toBe(true);
});

test("metadata for a file that is not in the import is refused, and nothing is written", async () => {
  const { userId, projectId } = await project();
  await expect(
    importDocuments(await projectAccessOf(userId, projectId), file("a.txt", "Some text"), { trim: false, dryRun: false, meta: { "b.txt": { title: "B" } } }),
  ).rejects.toThrow('Metadata was given for "b.txt", which is not in this import.');
  expect(await db.document.count({ where: { projectId } })).toBe(0);
});

test("a saved web page is imported as its article text, with the page's metadata and the page kept alongside", async () => {
  const { userId, projectId } = await project();
  const html = `<!doctype html><html lang="ko"><head><title>회담 | 예시 신문</title>
    <meta property="og:site_name" content="예시 신문"><meta name="author" content="김철수">
    <meta property="article:published_time" content="2024-06-19T08:30:00+09:00"></head>
    <body><nav><a href="/">홈</a> <a href="/politics">정치</a></nav><article><h1>정상회담 열려</h1>
    ${"<p>두 나라 정상이 블라디보스토크에서 만나 여러 분야의 협력 문제를 오랫동안 논의하였다고 관계자들이 밝혔다. 😀</p>".repeat(4)}
    </article><footer>© 2024 예시 신문</footer></body></html>`;
  const result = await importDocuments(await projectAccessOf(userId, projectId), file("page.html", html), { trim: true, dryRun: false });
  expect(result.report[0].outcome).toBe("imported");
  const doc = await db.document.findFirstOrThrow({ where: { projectId } });
  expect(doc).toMatchObject({ title: "정상회담 열려", publisher: "예시 신문", author: "김철수", publishedOn: "2024-06-19", language: "ko", fileName: "page.html" });
  expect(doc.text.startsWith("정상회담 열려\n\n두 나라 정상이")).toBe(true);
  expect(doc.text).not.toContain("정치");
  expect(doc.text).not.toContain("©");
  expect(doc.originalHtml).toBe(html);
});

test("an HTML page too large to read is refused by name, and nothing of the import is written", async () => {
  const { userId, projectId } = await project();
  const huge = `<html><body>${"<p>x</p>".repeat(20_001)}</body></html>`;
  await expect(
    importDocuments(await projectAccessOf(userId, projectId), [...file("ok.txt", "Fine text"), ...file("huge.html", huge)], { trim: false, dryRun: false }),
  ).rejects.toThrow(/huge\.html: the page has 20,003 elements, more than 20,000/);
  expect(await db.document.count({ where: { projectId } })).toBe(0);
});
