// Correcting documents after import, one at a time and from a CSV, on a real PostgreSQL.
import { beforeAll, expect, test } from "vitest";
import { useTestDatabase } from "@/lib/testing/test-database";
import { documentAccessOf, projectAccessOf } from "@/lib/testing/access";
import { documentDetailsSchema } from "@/lib/schemas/document";

let db: typeof import("@/lib/db").db;
let createProject: typeof import("@/lib/server/projects/create-project").createProject;
let details: typeof import("@/lib/server/documents/update-document-details");
let fromCsv: typeof import("@/lib/server/documents/update-details-from-csv").updateDetailsFromCsv;

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  ({ createProject } = await import("@/lib/server/projects/create-project"));
  details = await import("@/lib/server/documents/update-document-details");
  ({ updateDetailsFromCsv: fromCsv } = await import("@/lib/server/documents/update-details-from-csv"));
});

let n = 0;
async function corpus(count = 2) {
  const owner = await db.user.create({ data: { email: `details${++n}@t.local`, name: `Owner ${n}` } });
  const project = await createProject(owner.id, { name: `Corpus ${n}`, description: "" });
  const docs = [];
  for (let i = 0; i < count; i++) {
    docs.push(await db.document.create({ data: { projectId: project.id, title: `July 05, 2025Jul 05, 2025 ${i}`, text: `Text ${n}.${i}`, contentHash: `hash-${n}-${i}`, length: 8 } }));
  }
  return { owner, project, docs };
}
const parse = (input: unknown) => documentDetailsSchema.parse(input);

test("a curator renames a document and edits its metadata; the history names who changed what from what", async () => {
  const { owner, docs } = await corpus(1);
  const access = await documentAccessOf(owner.id, docs[0].id);
  const first = await details.updateDocumentDetails(access, parse({ title: " Korea-Russia Friendship ", publishedOn: "2024-08-04", tags: ["mfa", "treaty", "mfa"], publisher: "" }));
  expect(first.document).toMatchObject({ title: "Korea-Russia Friendship", publishedOn: "2024-08-04", tags: ["mfa", "treaty"], publisher: null });
  expect(Object.keys(first.changes).sort()).toEqual(["publishedOn", "tags", "title"]);
  await details.updateDocumentDetails(access, parse({ publishedOn: "2024-08", title: "Korea-Russia Friendship" }));
  // Nothing changed: nothing written.
  const same = await details.updateDocumentDetails(access, parse({ publishedOn: "2024-08" }));
  expect(same.changes).toEqual({});
  const { revisions } = await details.listDocumentRevisions(access);
  expect(revisions.map((r) => r.changes)).toEqual([
    { publishedOn: { from: "2024-08-04", to: "2024-08" } },
    { title: { from: "July 05, 2025Jul 05, 2025 0", to: "Korea-Russia Friendship" }, publishedOn: { from: null, to: "2024-08-04" }, tags: { from: [], to: ["mfa", "treaty"] } },
  ]);
  expect(revisions[0].by).toEqual({ id: owner.id, name: owner.name });
});

test("bad details are refused with the field and why; the text can never be changed", () => {
  const issues = (input: unknown) => documentDetailsSchema.safeParse(input).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  expect(issues({ title: "  " })).toEqual(["title: a document needs a title"]);
  expect(issues({ publishedOn: "25 April" })).toEqual(["publishedOn: not a date like 2019, 2019-04 or 2019-04-25"]);
  expect(issues({ sourceUrl: "javascript:alert(1)" })?.[0]).toMatch(/^sourceUrl: /);
  expect(issues({ language: "English" })).toEqual(['language: a language code like "en", "ko" or "pt-BR"']);
  expect(issues({ text: "new text" })?.[0]).toMatch(/^text: a document's text cannot be changed once imported/);
  expect(issues({ tags: Array.from({ length: 51 }, (_, i) => `t${i}`) })).toEqual(["tags: at most 50 tags"]);
  expect(issues({ colour: "red" })?.[0]).toMatch(/colour/);
});

test("a CSV keyed by id: the dry run reports each change and writes nothing; the real run writes them with history", async () => {
  const { owner, project, docs } = await corpus(3);
  const access = await projectAccessOf(owner.id, project.id);
  const csv = [
    "id,title,Published On,publisher,tags",
    `${docs[0].id},"Historic DPRK-Russia milestone",2020-04-23,Rodong Sinmun,"summit;anniversary"`,
    `${docs[1].id},,2024,,`,
    `${docs[2].id},"${docs[2].title}",,,`,
  ].join("\r\n");
  const dry = await fromCsv(access, csv, { dryRun: true });
  expect(dry).toMatchObject({ dryRun: true, rows: 3, matched: 3, unchanged: 1, problems: [] });
  expect(dry.changed.map((c) => [c.row, Object.keys(c.changes).sort()])).toEqual([[2, ["publishedOn", "publisher", "tags", "title"]], [3, ["publishedOn"]]]);
  expect((await db.document.findUniqueOrThrow({ where: { id: docs[0].id } })).title).toBe(docs[0].title);

  await fromCsv(access, csv, { dryRun: false });
  expect(await db.document.findUniqueOrThrow({ where: { id: docs[0].id } })).toMatchObject({ title: "Historic DPRK-Russia milestone", publishedOn: "2020-04-23", publisher: "Rodong Sinmun", tags: ["summit", "anniversary"] });
  // An empty cell leaves the value alone.
  expect(await db.document.findUniqueOrThrow({ where: { id: docs[1].id } })).toMatchObject({ title: docs[1].title, publishedOn: "2024" });
  expect(await db.documentRevision.count({ where: { documentId: { in: docs.map((d) => d.id) }, via: "csv" } })).toBe(2);
});

test("a CSV with any bad row changes nothing and names every problem by row; another project's documents are not found", async () => {
  const { owner, project, docs } = await corpus(2);
  const other = await corpus(1);
  const access = await projectAccessOf(owner.id, project.id);
  const csv = [
    "content_hash,title,published_on",
    `${docs[0].contentHash},Fine title,2024-01-01`,
    `${docs[1].contentHash},,April 2024`,
    `${other.docs[0].contentHash},Not yours,`,
    `${docs[0].contentHash},Twice,`,
  ].join("\n");
  const error = await fromCsv(access, csv, { dryRun: false }).catch((e) => e);
  expect(error.message).toMatch(/^3 problems in the CSV, so nothing was changed/);
  expect(error.details.report.problems).toEqual([
    "row 3, publishedOn: not a date like 2019, 2019-04 or 2019-04-25",
    `row 4: no document in this project has content hash ${other.docs[0].contentHash}`,
    "row 5: the same document as row 2",
  ]);
  expect((await db.document.findUniqueOrThrow({ where: { id: docs[0].id } })).title).toBe(docs[0].title);
  await expect(fromCsv(access, "id,colour\nx,red\n", { dryRun: true })).rejects.toThrow('Unknown column "colour": use id or content_hash');
  await expect(fromCsv(access, "title\nNew\n", { dryRun: true })).rejects.toThrow("needs an id or a content_hash column");
  await expect(fromCsv(access, 'id,title\n1,"open', { dryRun: true })).rejects.toThrow("The CSV cannot be read: a quoted field");
});
