// The document list's page: filters, sorting by any column, paging and honest counts, on a real PostgreSQL.
import { beforeAll, expect, test } from "vitest";
import { uuidv7 } from "@/lib/ids";
import { useTestDatabase } from "@/lib/testing/test-database";
import { projectAccessOf } from "@/lib/testing/access";
import { documentListQuery } from "@/lib/schemas/document-list";

let db: typeof import("@/lib/db").db;
let createProject: typeof import("@/lib/server/projects/create-project").createProject;
let listPage: typeof import("@/lib/server/documents/list-documents-page").listDocumentsPage;

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  ({ createProject } = await import("@/lib/server/projects/create-project"));
  ({ listDocumentsPage: listPage } = await import("@/lib/server/documents/list-documents-page"));
});

const DOCS = [
  { title: "Treaty signed", publisher: "KCNA", publishedOn: "2024-06-19", tags: ["treaty"], length: 300 },
  { title: "Summit in Vladivostok", publisher: "Rodong Sinmun", publishedOn: "2019-04", tags: ["summit"], length: 100 },
  { title: "Anniversary", publisher: "kcna", publishedOn: "2020", tags: [], length: 200 },
  { title: "Undated note 50% done", publisher: null, publishedOn: null, tags: ["treaty", "draft"], length: 50 },
];

async function corpus() {
  const owner = await db.user.create({ data: { email: `list-${uuidv7()}@t.local`, name: "Owner" } });
  const annotator = await db.user.create({ data: { email: `list-a-${uuidv7()}@t.local`, name: "Annotator" } });
  const project = await createProject(owner.id, { name: "List", description: "" });
  await db.membership.create({ data: { projectId: project.id, userId: annotator.id, role: "ANNOTATOR" } });
  const ids: string[] = [];
  for (const [i, d] of DOCS.entries()) {
    ids.push((await db.document.create({ data: { projectId: project.id, ...d, text: "x".repeat(d.length), contentHash: `${project.id}-${i}`, createdAt: new Date(Date.UTC(2026, 0, i + 1)) } })).id);
  }
  const label = (await db.label.findFirstOrThrow({ where: { projectId: project.id } })).id;
  // Two annotations on the first document: the annotator's own and the owner's.
  for (const authorId of [annotator.id, owner.id]) {
    await db.annotation.create({ data: { id: uuidv7(), projectId: project.id, documentId: ids[0], labelId: label, authorId, start: 0, end: 1, exact: "x", prefix: "", suffix: "x" } });
  }
  await db.documentAssignment.create({ data: { projectId: project.id, documentId: ids[1], userId: annotator.id } });
  await db.documentAssignment.create({ data: { projectId: project.id, documentId: ids[2], userId: annotator.id, finishedAt: new Date() } });
  return { owner, annotator, project, ids };
}

test("filters by text, publisher, tag, date range, assignee and status; sorts by any column; pages with a total", async () => {
  const c = await corpus();
  const access = await projectAccessOf(c.owner.id, c.project.id);
  const titles = async (q: Record<string, string>) => (await listPage(access, documentListQuery.parse(q))).documents.map((d) => d.title);
  expect(await titles({})).toEqual(DOCS.map((d) => d.title));
  expect(await titles({ q: "VLADIVOSTOK" })).toEqual(["Summit in Vladivostok"]);
  expect(await titles({ q: "50%" })).toEqual(["Undated note 50% done"]);
  expect(await titles({ publisher: "KCNA" })).toEqual(["Treaty signed", "Anniversary"]);
  expect(await titles({ tag: "treaty" })).toEqual(["Treaty signed", "Undated note 50% done"]);
  // A partial date is a period: 2019-04 overlaps 2019-04-10 … 2020-01; 2020 overlaps it too.
  expect(await titles({ from: "2019-04-10", to: "2020-01" })).toEqual(["Summit in Vladivostok", "Anniversary"]);
  expect(await titles({ from: "2021" })).toEqual(["Treaty signed"]);
  expect(await titles({ assignee: c.annotator.id })).toEqual(["Summit in Vladivostok", "Anniversary"]);
  expect(await titles({ status: "unassigned" })).toEqual(["Treaty signed", "Undated note 50% done"]);
  expect(await titles({ status: "todo" })).toEqual(["Summit in Vladivostok"]);
  expect(await titles({ status: "finished" })).toEqual(["Anniversary"]);
  expect(await titles({ sort: "title" })).toEqual(["Anniversary", "Summit in Vladivostok", "Treaty signed", "Undated note 50% done"]);
  expect(await titles({ sort: "publishedOn", dir: "desc" })).toEqual(["Treaty signed", "Anniversary", "Summit in Vladivostok", "Undated note 50% done"]);
  expect(await titles({ sort: "length" })).toEqual(["Undated note 50% done", "Summit in Vladivostok", "Anniversary", "Treaty signed"]);
  expect((await titles({ sort: "annotations", dir: "desc" }))[0]).toBe("Treaty signed");

  const first = await listPage(access, documentListQuery.parse({ limit: "3" }));
  expect([first.total, first.documents.length, first.nextOffset]).toEqual([4, 3, 3]);
  const second = await listPage(access, documentListQuery.parse({ limit: "3", offset: "3" }));
  expect([second.total, second.documents.map((d) => d.title), second.nextOffset]).toEqual([4, ["Undated note 50% done"], null]);
  expect((await listPage(access, documentListQuery.parse({ offset: "10" }))).total).toBe(4);
});

test("annotation counts are of what the reader may see; deleted documents are not listed", async () => {
  const c = await corpus();
  const owner = (await listPage(await projectAccessOf(c.owner.id, c.project.id), documentListQuery.parse({}))).documents[0];
  const annotator = (await listPage(await projectAccessOf(c.annotator.id, c.project.id), documentListQuery.parse({}))).documents[0];
  expect([owner.annotationCount, annotator.annotationCount]).toEqual([2, 1]);
  await db.document.update({ where: { id: c.ids[0] }, data: { deletedAt: new Date() } });
  expect((await listPage(await projectAccessOf(c.owner.id, c.project.id), documentListQuery.parse({}))).total).toBe(3);
});

test("bad list queries are refused with the field and why", () => {
  const issues = (q: Record<string, string>) => documentListQuery.safeParse(q).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  expect(issues({ sort: "text" })).toEqual(["sort: sort is one of title, publisher, publishedOn, createdAt, length, annotations"]);
  expect(issues({ from: "2024", to: "2019" })).toEqual(["to: the end date is before the start date"]);
  expect(issues({ limit: "500" })?.[0]).toMatch(/^limit: /);
  expect(issues({ from: "", q: "" })).toBeUndefined();
});
