// The document-text cache behind annotation checks: a stranger's request never fills it, and it
// holds at most its byte bound however large the documents are.
import { beforeAll, expect, test, vi } from "vitest";
import { uuidv7 } from "@/lib/ids";
import { callRoute } from "@/lib/testing/api-routes";
import { useTestDatabase } from "@/lib/testing/test-database";

const session = vi.hoisted(() => ({ userId: "" }));
vi.mock("@/lib/auth", () => ({ auth: async () => (session.userId ? { user: { id: session.userId } } : null) }));

let db: typeof import("@/lib/db").db;
let createProject: typeof import("@/lib/server/projects/create-project").createProject;
let cacheModule: typeof import("@/lib/server/annotations/document-text-cache");
let annotations: typeof import("@/app/api/documents/[id]/annotations/route");

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  ({ createProject } = await import("@/lib/server/projects/create-project"));
  cacheModule = await import("@/lib/server/annotations/document-text-cache");
  annotations = await import("@/app/api/documents/[id]/annotations/route");
});

let n = 0;
async function projectWithDocuments(texts: string[]) {
  n++;
  const [owner, stranger] = await Promise.all(["owner", "stranger"].map((r) => db.user.create({ data: { email: `${r}${n}@text-cache.test`, name: r } })));
  const project = await createProject(owner.id, { name: `Text cache ${n}`, description: "" });
  const docs = await Promise.all(
    texts.map((text, i) => db.document.create({ data: { projectId: project.id, title: `Doc ${i}`, text, contentHash: `cache${n}-${i}`, length: [...text].length } })),
  );
  const label = (await db.label.findFirstOrThrow({ where: { projectId: project.id, kind: "ENTITY" } })).id;
  return { owner, stranger, docs, label };
}

const annotate = (documentId: string, labelId: string) =>
  callRoute(annotations.POST, { id: documentId }, { method: "POST", body: { id: uuidv7(), labelId, start: 0, end: 5, exact: "Putin" } });

test("a request from someone who is not a member does not read the document's text into the cache", async () => {
  cacheModule.documentTextCache.resize();
  const { owner, stranger, docs, label } = await projectWithDocuments(["Putin met Kim."]);
  session.userId = stranger.id;
  expect((await annotate(docs[0].id, label)).status).toBe(404);
  expect(cacheModule.documentTextCache.has(docs[0].id)).toBe(false);
  expect(cacheModule.documentTextCache.stats().entries).toBe(0);

  session.userId = owner.id;
  expect((await annotate(docs[0].id, label)).status).toBe(201);
  expect(cacheModule.documentTextCache.has(docs[0].id)).toBe(true);
});

test("the cache stays under its byte bound; a text larger than the bound is not cached at all", async () => {
  const bound = 1_000_000;
  cacheModule.documentTextCache.resize(bound);
  // 300,000 UTF-16 units ≈ 600 KB each: only one fits, and an emoji-heavy one counts its pairs too.
  const texts = [0, 1, 2, 3].map((i) => `Putin ${"abcdefghij".repeat(30_000)} ${i}`);
  texts.push(`Putin ${"😀".repeat(150_000)}`);
  texts.push(`Putin ${"x".repeat(600_000)}`);
  const { owner, docs, label } = await projectWithDocuments(texts);
  session.userId = owner.id;
  for (const doc of docs) {
    expect((await annotate(doc.id, label)).status).toBe(201);
    const { bytes, maxBytes } = cacheModule.documentTextCache.stats();
    expect(bytes).toBeLessThanOrEqual(maxBytes);
    expect(maxBytes).toBe(bound);
  }
  expect(cacheModule.documentTextCache.has(docs[docs.length - 1].id)).toBe(false);
  expect(cacheModule.documentTextCache.stats().entries).toBeLessThanOrEqual(1);
});
