// Exports read from a real PostgreSQL: every format streams the chosen annotations with offsets
// that hold under its own rule, filters choose what a researcher asked for, and the native format
// restores a deleted project exactly.
import { beforeAll, expect, test } from "vitest";
import { useTestDatabase } from "@/lib/testing/test-database";
import { exportOptionsSchema, type ExportOptions } from "@/lib/schemas/export";
import { exportToBytes } from "@/lib/testing/tricky-project";
import { asUser, projectAccessOf } from "@/lib/testing/access";

let db: typeof import("@/lib/db").db;
let native: typeof import("@/lib/server/import/import-native");
let fixture: Awaited<ReturnType<typeof import("@/lib/testing/tricky-project").createTrickyProject>>;

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  native = await import("@/lib/server/import/import-native");
  fixture = await (await import("@/lib/testing/tricky-project")).createTrickyProject("export");
});

const options = (query: Record<string, string>): ExportOptions => exportOptionsSchema.parse(query);

const run = async (projectId: string, query: Record<string, string>) => {
  const result = await exportToBytes(projectId, query);
  return { ...result, bytes: Buffer.from(result.bytes) };
};

const slice = (text: string, start: number, end: number) => [...text].slice(start, end).join("");

test("doccano JSONL mixed into one file carries every live span, with code-point offsets by default and UTF-16 on request", async () => {
  const { bytes, fileName, summary } = await run(fixture.project.id, { format: "jsonl", layers: "mixed" });
  expect(fileName).toBe("tricky-export-jsonl-mixed.jsonl");
  expect(summary).toMatchObject({ layout: "mixed", warning: expect.stringMatching(/spans repeat, possibly with conflicting labels/) });
  const lines = bytes.toString("utf8").trim().split("\n").map((l) => JSON.parse(l));
  const tricky = lines.find((l) => l.text === fixture.text)!;
  expect(tricky.text).not.toContain("\r");
  const live = await db.annotation.count({ where: { documentId: fixture.documentId, deletedAt: null } });
  expect(tricky.label).toHaveLength(live);
  for (const [start, end] of tricky.label) expect(slice(fixture.text, start, end).length).toBeGreaterThan(0);
  const kim = tricky.label.find(([s]: number[]) => s === fixture.ids.kim.start);
  expect(slice(fixture.text, kim[0], kim[1])).toBe("Kim Jong Un");

  const utf16 = (await run(fixture.project.id, { format: "jsonl", layers: "mixed", offsets: "utf16" })).bytes.toString("utf8");
  const t16 = utf16.trim().split("\n").map((l) => JSON.parse(l)).find((l) => l.text === fixture.text)!;
  // The emoji before "Kim Jong Un" take two UTF-16 units each: the offsets differ, the text does not.
  const kim16 = t16.label.find(([s, e]: number[]) => fixture.text.slice(s, e) === "Kim Jong Un");
  expect(kim16[0]).toBeGreaterThan(fixture.ids.kim.start);
  for (const [start, end] of t16.label) expect(fixture.text.slice(start, end)).toBe(slice(fixture.text, ...codePoints(fixture.text, start, end)));
});

/** UTF-16 offsets → code-point offsets, computed independently of lib/anchoring. */
function codePoints(text: string, start: number, end: number): [number, number] {
  return [[...text.slice(0, start)].length, [...text.slice(0, end)].length];
}

test("filters: gold layer only, accepted only, one annotator, label kinds, documents", async () => {
  const w3c = async (query: Record<string, string>) => JSON.parse((await run(fixture.project.id, { format: "w3c", ...query })).bytes.toString("utf8"));
  const tags = (doc: { first: { items: { motivation: string; body: { purpose: string; value: string }[] }[] } }) =>
    doc.first.items.filter((i) => i.motivation === "tagging").map((i) => i.body.find((b) => b.purpose === "tagging")!.value).sort();

  const gold = await w3c({ layers: "gold" });
  expect(fixture.merged).toBe(1);
  expect(tags(gold)).toEqual(["Person"]);
  expect(gold.first.items[0]["wb:gold"]).toBe(true);

  const accepted = await w3c({ review: "accepted" });
  expect(tags(accepted)).toEqual(["Claim", "Person"]);

  const bruno = await w3c({ annotators: fixture.bruno.id });
  expect(tags(bruno)).toEqual(["Agreement", "Claim", "Organization", "Other entity", "Person"]);

  const claims = await w3c({ kinds: "CLAIM" });
  expect(tags(claims)).toEqual(["Claim"]);

  const plainOnly = await w3c({ documents: fixture.plainId });
  expect(plainOnly.first.items).toEqual([]);
  expect(() => options({ format: "w3c", kinds: "OPINION" })).toThrow(/kinds are CLAIM, EVENT, ENTITY/);
  expect(() => options({ format: "xml" })).toThrow(/format must be one of/);
});

test("CSV, brat and CoNLL stream from the database; CoNLL counts what overlaps cost", async () => {
  const csv = await run(fixture.project.id, { format: "csv", bom: "1" });
  expect(csv.bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  // A note that a spreadsheet would run as a formula is written as text.
  expect(csv.bytes.toString("utf8")).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);

  const brat = await run(fixture.project.id, { format: "brat" });
  expect(brat.contentType).toBe("application/zip");
  expect(brat.bytes.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  // Layers apart, a folder per annotator with the documents they annotated: "Plain" has no spans.
  expect(brat.summary).toMatchObject({ documents: 1, spansFragmented: 1 });

  const conll = await run(fixture.project.id, { format: "conll", layers: "mixed" });
  const text = conll.bytes.toString("utf8");
  expect(text.startsWith("-DOCSTART- -X- -X- O")).toBe(true);
  // Intl.Segmenter splits 金正恩 into two words: one entity, B- then I-.
  expect(text).toMatch(/^金正\tB-Person\n恩\tI-Person$/m);
  // Mixed, Amina's and Bruno's "Vladivostok" overlap (Location, Organization): one is dropped and counted.
  expect((conll.summary as unknown as { spansDropped: number }).spansDropped).toBeGreaterThan(0);
});

test("native export restores a deleted project exactly, and importing it again changes nothing", async () => {
  // The knowledge base travels too: an item, a linked mention and an open suggestion.
  const { createCanonicalItem } = await import("@/lib/server/knowledge/create-canonical-item");
  const { linkAnnotationToCanonical } = await import("@/lib/server/knowledge/link-annotation");
  const { suggestMentions } = await import("@/lib/server/knowledge/suggest-mentions");
  const putin = await createCanonicalItem(await projectAccessOf(fixture.owner.id, fixture.project.id), { kind: "ENTITY", name: "Vladimir Putin", aliases: ["Putin"], description: "" });
  await linkAnnotationToCanonical(asUser(fixture.amina.id), fixture.ids.putin.id, putin.id);
  expect((await suggestMentions(await projectAccessOf(fixture.owner.id, fixture.project.id))).created).toBeGreaterThan(0);
  // The link shows in the analysis formats too.
  const csv = (await run(fixture.project.id, { format: "csv", annotators: fixture.amina.id })).bytes.toString("utf8");
  expect(csv.split("\r\n").find((line) => line.startsWith(fixture.ids.putin.id))).toMatch(/,Vladimir Putin$/);
  const w3cItems = JSON.parse((await run(fixture.project.id, { format: "w3c" })).bytes.toString("utf8")).first.items as { id: string; body: { purpose: string; source?: string }[] }[];
  const identifying = w3cItems.find((i) => i.id.endsWith(fixture.ids.putin.id))!.body.find((b) => b.purpose === "identifying");
  expect(identifying?.source).toBe(`https://wb.example/projects/${fixture.project.id}/knowledge/${putin.id}`);
  const first = await run(fixture.project.id, { format: "native" });
  const file = JSON.parse(first.bytes.toString("utf8"));
  expect(file).toMatchObject({ format: "annotation-workbench", version: 1, project: { id: fixture.project.id } });
  expect(file.canonicalItems.map((c: { name: string }) => c.name)).toEqual(["Vladimir Putin"]);
  expect(file.relationTypes).toHaveLength(5);
  const documents = file.documents as { annotations: { canonicalId: string | null }[]; suggestions: unknown[]; relations: unknown[] }[];
  expect(documents.flatMap((d) => d.annotations).filter((a) => a.canonicalId === putin.id)).toHaveLength(1);
  expect(documents.flatMap((d) => d.suggestions).length).toBeGreaterThan(0);
  expect(documents.flatMap((d) => d.relations)).toHaveLength(1);
  expect(first.summary).toMatchObject({ documents: 2, reviews: 3, comments: 2 });

  // Wipe the project and its people, as on an empty instance.
  await db.annotation.deleteMany({ where: { projectId: fixture.project.id } });
  await db.project.delete({ where: { id: fixture.project.id } });
  await db.user.deleteMany({ where: { email: { endsWith: "-export@tricky.test" } } });
  expect(await db.annotationHistory.count()).toBe(0);

  const dry = await native.importNative(native.parseNativeFile(file), null, { dryRun: true });
  expect(dry).toMatchObject({ status: "ready", users: { created: 3 } });
  expect(await db.project.count({ where: { id: fixture.project.id } })).toBe(0);
  const report = await native.importNative(native.parseNativeFile(file), null);
  expect(report).toMatchObject({ status: "created", counts: { documents: 2, reviews: 3, comments: 2 } });

  const again = await run(fixture.project.id, { format: "native" });
  const strip = (f: { exportedAt?: string }) => ({ ...f, exportedAt: undefined });
  expect(strip(JSON.parse(again.bytes.toString("utf8")))).toEqual(strip(file));
  expect((await native.importNative(native.parseNativeFile(file), null)).status).toBe("already-present");
  expect(await db.annotation.count({ where: { projectId: fixture.project.id } })).toBe(file.documents.reduce((n: number, d: { annotations: unknown[] }) => n + d.annotations.length, 0));
});

test("a broken or inconsistent native file is refused with a reason and writes nothing", async () => {
  expect(() => native.parseNativeFile({ format: "annotation-workbench", version: 2 })).toThrow(/only version 1/);
  const file = JSON.parse((await run(fixture.project.id, { format: "native" })).bytes.toString("utf8"));
  const copy = structuredClone(file);
  copy.project.id = "0190b6a0-0000-7000-8000-000000000001";
  copy.documents[0].annotations[0].labelId = "0190b6a0-0000-7000-8000-000000000002";
  await expect(native.importNative(native.parseNativeFile(copy), null)).rejects.toThrow(/not among the labels/);
  // Same documents and annotations under a new project id: they exist already → 409, nothing written.
  const clash = structuredClone(file);
  clash.project.id = "0190b6a0-0000-7000-8000-000000000003";
  await expect(native.importNative(native.parseNativeFile(clash), null)).rejects.toMatchObject({ status: 409 });
  expect(await db.project.count({ where: { id: clash.project.id } })).toBe(0);
});

test("a native export reads a long document's annotations page by page: every one once, in text order, with its history", async () => {
  const { uuidv7 } = await import("@/lib/ids");
  const { createProject } = await import("@/lib/server/projects/create-project");
  const { importDocuments } = await import("@/lib/server/documents/import-documents");
  const { readNativeDocuments } = await import("@/lib/server/export/read-native");
  const owner = await db.user.create({ data: { email: `pages-${uuidv7()}@export.test`, name: "Owner" } });
  const project = await createProject(owner.id, { name: `Pages ${uuidv7().slice(-6)}`, description: "" });
  const access = await projectAccessOf(owner.id, project.id);
  const text = "Kim met Putin in Pyongyang. ".repeat(200);
  const imported = await importDocuments(access, [{ name: "p.txt", fileName: "p.txt", text, meta: { title: "Pages" } }], { trim: false, dryRun: false });
  const documentId = imported.report[0].documentId!;
  const label = (await db.label.findFirstOrThrow({ where: { projectId: project.id } })).id;
  // 2,500 spans over 40 starts (one tag per span: the project refuses the same tag twice), so the
  // pages' boundaries fall among spans that share a start.
  const rows = Array.from({ length: 2_500 }, (_, i) => {
    const start = (i % 40) * 28;
    const end = start + 1 + Math.floor(i / 40);
    return { id: uuidv7(), projectId: project.id, documentId, labelId: label, authorId: owner.id, start, end, exact: [...text].slice(start, end).join(""), prefix: "", suffix: "" };
  });
  await db.annotation.createMany({ data: rows });
  await db.annotationHistory.createMany({ data: rows.map((r) => ({ annotationId: r.id, actorId: owner.id, action: "CREATE" as const, version: 1, after: { start: r.start } })) });
  const documents = [];
  for await (const d of readNativeDocuments(project.id, access)) documents.push(d);
  const read = documents.find((d) => d.id === documentId)!.annotations;
  const expected = [...rows].sort((a, b) => a.start - b.start || a.end - b.end || (a.id < b.id ? -1 : 1)).map((r) => r.id);
  expect(read.map((a) => a.id)).toEqual(expected);
  expect(read.every((a) => a.history.length === 1)).toBe(true);
}, 60_000);
