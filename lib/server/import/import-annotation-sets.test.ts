// Annotation sets in and out on a real PostgreSQL: for every format, export → import → export gives
// the same spans, labels and relations on a text with emoji, CJK, combining marks and former CRLF
// line ends; the dry run reports accepted / re-anchored / refused per annotation; importing twice
// writes nothing the second time.
import { beforeAll, expect, test } from "vitest";
import { readZip } from "@/lib/formats/import/zip-reader";
import { useTestDatabase } from "@/lib/testing/test-database";
import { exportToBytes } from "@/lib/testing/tricky-project";

let db: typeof import("@/lib/db").db;
let importer: typeof import("@/lib/server/import/import-annotation-sets");
let createProject: typeof import("@/lib/server/projects/create-project").createProject;
let fixture: Awaited<ReturnType<typeof import("@/lib/testing/tricky-project").createTrickyProject>>;

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  importer = await import("@/lib/server/import/import-annotation-sets");
  ({ createProject } = await import("@/lib/server/projects/create-project"));
  fixture = await (await import("@/lib/testing/tricky-project")).createTrickyProject("import");
});

const exportBytes = async (projectId: string, query: Record<string, string>) => (await exportToBytes(projectId, query)).bytes;

/** What a layer says, independent of ids and authors: document text, span, quote, label, links, typed relations. */
async function layer(projectId: string, authorId: string) {
  const rows = await db.annotation.findMany({
    where: { projectId, authorId, deletedAt: null, gold: false },
    select: {
      id: true, start: true, end: true, exact: true, attributes: true, label: { select: { name: true } }, document: { select: { text: true } },
      relationsFrom: { where: { deletedAt: null }, select: { type: { select: { name: true } }, to: { select: { start: true, end: true } } } },
    },
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const ref = (id: unknown) => (typeof id === "string" ? `${byId.get(id)?.start}-${byId.get(id)?.end}` : undefined);
  return rows
    .map((r) => {
      const a = r.attributes as Record<string, unknown>;
      return {
        text: r.document.text.slice(0, 20), start: r.start, end: r.end, exact: r.exact, label: r.label.name,
        location: ref(a.locationId), claimant: ref(a.claimantId), participants: ((a.participantIds as string[]) ?? []).map(ref).sort(),
        relations: r.relationsFrom.map((x) => `${x.type.name} ${x.to.start}-${x.to.end}`).sort(),
      };
    })
    .sort((x, y) => x.text.localeCompare(y.text) || x.start - y.start || x.end - y.end || x.label.localeCompare(y.label));
}

async function freshProject(name: string) {
  const project = await createProject(fixture.owner.id, { name, description: "" });
  return project.id;
}

// The default export keeps layers apart: doccano as a zip of <annotator>.jsonl files, brat as a
// folder per annotator — each holding the documents that annotator annotated.
const formats = [
  { format: "jsonl-rich", file: "set.zip", relations: true },
  { format: "jsonl", file: "set.zip", relations: false },
  { format: "brat", file: "set.zip", relations: true },
] as const;

/** The JSONL lines of a doccano export, whether one file or a zip of per-annotator files. */
const jsonlLines = (bytes: Uint8Array) => {
  const texts = bytes[0] === 0x50 && bytes[1] === 0x4b ? readZip(bytes).filter((e) => e.path.endsWith(".jsonl")).map((e) => e.data) : [bytes];
  return texts.flatMap((t) => new TextDecoder().decode(t).trim().split("\n").filter(Boolean).map((l) => JSON.parse(l)));
};

for (const { format, file, relations } of formats) {
  test(`${format}: export → import into a new project → export is the same`, async () => {
    const exported = await exportBytes(fixture.project.id, { format, annotators: fixture.amina.id });
    const target = await freshProject(`Round trip ${format}`);
    const dry = await importer.importAnnotationFiles(target, fixture.owner.id, [{ name: file, bytes: exported }], { dryRun: true });
    if (dry.kind !== "annotations") throw new Error("expected an annotation import");
    expect(dry.totals).toMatchObject({ refused: 0, duplicate: 0, reanchored: 0, newDocuments: 1 });
    expect(await db.annotation.count({ where: { projectId: target } })).toBe(0);

    await importer.importAnnotationFiles(target, fixture.owner.id, [{ name: file, bytes: exported }]);
    const original = await layer(fixture.project.id, fixture.amina.id);
    const copy = await layer(target, fixture.owner.id);
    const strip = (rows: typeof original) => (relations ? rows : rows.map((r) => ({ ...r, location: undefined, claimant: undefined, participants: [], relations: [] })));
    expect(copy).toEqual(strip(original));
    // The document texts arrived unchanged (emoji, CJK, combining mark, LF line ends).
    expect(await db.document.count({ where: { projectId: target, text: fixture.text } })).toBe(1);
    // And the second export of the copy is the first export again (ids aside).
    const again = await exportBytes(target, { format });
    if (format !== "brat") {
      const spans = (bytes: Uint8Array) =>
        jsonlLines(bytes).map((d) => ({ text: d.text, spans: (d.label ?? d.entities.map((e: { start_offset: number; end_offset: number; label: string }) => [e.start_offset, e.end_offset, e.label])).map(String).sort() }));
      expect(spans(again).sort((a, b) => a.text.localeCompare(b.text))).toEqual(spans(exported).sort((a, b) => a.text.localeCompare(b.text)));
    }

    // Importing the same file again finds everything there.
    const twice = await importer.importAnnotationFiles(target, fixture.owner.id, [{ name: file, bytes: exported }]);
    if (twice.kind !== "annotations") throw new Error("expected an annotation import");
    expect(twice.totals).toMatchObject({ accepted: 0, reanchored: 0, newDocuments: 0, duplicate: original.length });
    expect((await layer(target, fixture.owner.id)).length).toBe(original.length);
  });
}

test("W3C: export → import onto the same documents (by their IRIs) → the importer's layer equals the original", async () => {
  const exported = await exportBytes(fixture.project.id, { format: "w3c", annotators: fixture.amina.id });
  const report = await importer.importAnnotationFiles(fixture.project.id, fixture.owner.id, [{ name: "set.jsonld", bytes: exported }]);
  if (report.kind !== "annotations") throw new Error("expected an annotation import");
  expect(report.format).toBe("w3c");
  expect(report.totals).toMatchObject({ refused: 0, newDocuments: 0 });
  expect(report.documents[0].annotations[0].creator).toBe(fixture.amina.name);
  expect(await layer(fixture.project.id, fixture.owner.id)).toEqual(await layer(fixture.project.id, fixture.amina.id));
});

test("a doccano zip of per-annotator files: each span goes to its annotator when they are a member here, else to the importer", async () => {
  // (An earlier test gave the owner a layer here too: only Amina's and Bruno's are exported.)
  const exported = await exportBytes(fixture.project.id, { format: "jsonl-rich", annotators: `${fixture.amina.id},${fixture.bruno.id}` });
  expect(readZip(exported).map((e) => e.path.split("/").at(-1))).toEqual(["amina-import.jsonl", "bruno-import.jsonl", "layers.json"]);
  const target = await freshProject("doccano per annotator");
  await db.membership.create({ data: { projectId: target, userId: fixture.amina.id, role: "ANNOTATOR" } });
  const report = await importer.importAnnotationFiles(target, fixture.owner.id, [{ name: "tricky-jsonl-rich.zip", bytes: exported }]);
  if (report.kind !== "annotations") throw new Error("expected an annotation import");
  expect(report.format).toBe("doccano");
  expect(report.totals).toMatchObject({ refused: 0, duplicate: 0, newDocuments: 1 });
  const rows = report.documents.flatMap((d) => d.annotations);
  // Amina is a member who may annotate: her spans are hers. Bruno is not: his are the importer's, the report naming him.
  expect(new Set(rows.filter((r) => r.creator === fixture.amina.name).map((r) => r.authorId))).toEqual(new Set([fixture.amina.id]));
  expect(new Set(rows.filter((r) => r.creator === fixture.bruno.name).map((r) => r.authorId))).toEqual(new Set([fixture.owner.id]));
  const strip = (rows: Awaited<ReturnType<typeof layer>>) => rows.map((r) => ({ ...r, claimant: undefined, relations: [] }));
  expect(strip(await layer(target, fixture.amina.id))).toEqual(strip(await layer(fixture.project.id, fixture.amina.id)));
  expect((await layer(target, fixture.owner.id)).map((r) => r.label)).toEqual((await layer(fixture.project.id, fixture.bruno.id)).map((r) => r.label));
  // Both annotators marked "Kim Jong Un": two layers, so neither is a duplicate of the other; a second import finds all there.
  const twice = await importer.importAnnotationFiles(target, fixture.owner.id, [{ name: "tricky-jsonl-rich.zip", bytes: exported }]);
  if (twice.kind !== "annotations") throw new Error("expected an annotation import");
  expect(twice.totals).toMatchObject({ accepted: 0, duplicate: rows.length });
  expect(twice.documents.flatMap((d) => d.annotations).find((r) => r.creator === fixture.amina.name)?.reason).toBe(`${fixture.amina.name} already has this span with this label here`);
});

test("a doccano file with mistakes gets a clear report: accepted, refused with reasons, unreadable lines named", async () => {
  const target = await freshProject("doccano report");
  const text = "Kim Jong Un met Vladimir Putin. 👍 Putin thanked Kim.";
  const lines = [
    JSON.stringify({ text, label: [[0, 11, "PERSON"], [16, 30, "Person"], [300, 310, "Person"], [0, 3, "Weapon"]] }),
    "{not json",
  ].join("\n");
  const dry = await importer.importAnnotationFiles(target, fixture.owner.id, [{ name: "doccano.jsonl", bytes: new TextEncoder().encode(lines) }], { dryRun: true });
  if (dry.kind !== "annotations") throw new Error("expected an annotation import");
  const outcomes = dry.documents[0].annotations.map((a) => [a.label, a.outcome]);
  expect(outcomes).toEqual([["PERSON", "accepted"], ["Person", "accepted"], ["Weapon", "refused"]]);
  expect(dry.documents[0].annotations[2].reason).toMatch(/no label "Weapon"/);
  // Lines and spans that cannot be read at all are reported with their line.
  expect(dry.problems).toEqual(expect.arrayContaining([
    expect.objectContaining({ file: "doccano.jsonl", line: 2, message: expect.stringContaining("not valid JSON") }),
    expect.objectContaining({ file: "doccano.jsonl", line: 1, message: expect.stringContaining("300–310 is outside the text") }),
  ]));
  expect(await db.document.count({ where: { projectId: target } })).toBe(0);
});

test("W3C annotations whose positions are off are re-anchored by their quote; a quote not in the text is refused", async () => {
  const { text } = fixture;
  const start = [...text.slice(0, text.indexOf("Pyongyang"))].length;
  const annotation = (id: string, exact: string, position: number) => ({
    id: `urn:x:${id}`, type: "Annotation", motivation: "tagging", body: { type: "TextualBody", purpose: "tagging", value: "Location" },
    target: { source: `https://wb.example/documents/${fixture.documentId}`, selector: [
      { type: "TextQuoteSelector", exact, prefix: "signed in ", suffix: " on 19" },
      { type: "TextPositionSelector", start: position, end: position + [...exact].length },
    ] },
  });
  const page = { "@context": "http://www.w3.org/ns/anno.jsonld", type: "AnnotationPage", items: [annotation("a", "Pyongyang", start + 3), annotation("b", "Seoul", 5)] };
  const report = await importer.importAnnotationFiles(fixture.project.id, fixture.bruno.id, [{ name: "page.json", bytes: new TextEncoder().encode(JSON.stringify(page)) }]);
  if (report.kind !== "annotations") throw new Error("expected an annotation import");
  const [moved, missing] = report.documents[0].annotations;
  expect(moved).toMatchObject({ outcome: "reanchored", start, exact: "Pyongyang" });
  expect(missing.outcome).toBe("refused");
  expect(missing.reason).toContain('"Seoul"');
  expect(await db.annotation.count({ where: { documentId: fixture.documentId, authorId: fixture.bruno.id, exact: "Pyongyang", start } })).toBe(1);
});

test("a dry run of thousands of annotations with wrong offsets on a repetitive text: bounded work, and past the search budget a reason per annotation, not a failed request", async () => {
  const { importDocuments } = await import("@/lib/server/documents/import-documents");
  const { projectAccessOf } = await import("@/lib/testing/access");
  const target = await freshProject("re-anchoring budget");
  // Every quote occurs tens of thousands of times: each search compares the context at the 1,000 occurrences nearest its offset.
  const text = "金正恩 🇰🇵 ab ".repeat(20_000);
  const imported = await importDocuments(await projectAccessOf(fixture.owner.id, target), [{ name: "repetitive.txt", fileName: "repetitive.txt", text, meta: { title: "Repetitive" } }], { trim: false, dryRun: false });
  const documentId = imported.report[0].documentId!;
  const items = Array.from({ length: 3_000 }, (_, i) => ({
    id: `urn:budget:${i}`, type: "Annotation", motivation: "tagging", body: { type: "TextualBody", purpose: "tagging", value: "Location" },
    target: { source: `https://wb.example/documents/${documentId}`, selector: [
      { type: "TextQuoteSelector", exact: "ab 金正恩", prefix: "金正恩 🇰🇵 ab ".repeat(3), suffix: " 🇰🇵 ab 金正恩".repeat(3) },
      // Off by 3, as a tool that counts each of three CRLF line ends as two characters puts them.
      { type: "TextPositionSelector", start: 10 * (i + 10) + 7 + 3, end: 10 * (i + 10) + 13 + 3 },
    ] },
  }));
  const page = { "@context": "http://www.w3.org/ns/anno.jsonld", type: "AnnotationPage", items };
  const began = performance.now();
  const report = await importer.importAnnotationFiles(target, fixture.owner.id, [{ name: "page.json", bytes: new TextEncoder().encode(JSON.stringify(page)) }], { dryRun: true });
  const seconds = (performance.now() - began) / 1000;
  if (report.kind !== "annotations") throw new Error("expected an annotation import");
  const rows = report.documents[0].annotations;
  const placed = rows.filter((r) => r.outcome === "reanchored");
  const refused = rows.filter((r) => r.outcome === "refused");
  expect(placed.length).toBeGreaterThan(500);
  expect(refused.length).toBeGreaterThan(0);
  expect(placed.length + refused.length).toBe(3_000);
  // The first ones land on the quote nearest their offset; the rest say why they were not searched for.
  for (const [i, row] of placed.entries()) expect(row, `annotation ${i}`).toMatchObject({ key: expect.any(String), exact: "ab 金正恩", start: 10 * (i + 10) + 7 });
  expect(rows.slice(placed.length)).toEqual(refused);
  expect(refused[0].reason).toMatch(/^the text at \d+–\d+ is "[^"]+", not the quote, and the quote was not searched for: this import already spent the time it may spend searching the text for quotes/);
  expect(seconds).toBeLessThan(10);
});

test("an upload in no known format, or a zip bomb, is refused with a reason", async () => {
  await expect(importer.importAnnotationFiles(fixture.project.id, fixture.owner.id, [{ name: "notes.docx", bytes: new Uint8Array([1, 2, 3]) }])).rejects.toThrow(/Supported/);
  await expect(importer.importAnnotationFiles(fixture.project.id, fixture.owner.id, [{ name: "x.zip", bytes: new TextEncoder().encode("not a zip") }])).rejects.toMatchObject({ status: 400 });
});

test("an import holding more annotations than one import may (MAX_IMPORT_ANNOTATIONS) is refused whole, naming both numbers", async () => {
  const { text } = fixture;
  const start = [...text.slice(0, text.indexOf("Pyongyang"))].length;
  const item = (i: number) => ({
    id: `urn:cap:${i}`, type: "Annotation", motivation: "tagging", body: { type: "TextualBody", purpose: "tagging", value: "Location" },
    target: { source: `https://wb.example/documents/${fixture.documentId}`, selector: [{ type: "TextQuoteSelector", exact: "Pyongyang" }, { type: "TextPositionSelector", start, end: start + 9 }] },
  });
  const page = { "@context": "http://www.w3.org/ns/anno.jsonld", type: "AnnotationPage", items: Array.from({ length: 6 }, (_, i) => item(i)) };
  const before = await db.annotation.count({ where: { projectId: fixture.project.id } });
  process.env.MAX_IMPORT_ANNOTATIONS = "5";
  try {
    const refused = importer.importAnnotationFiles(fixture.project.id, fixture.owner.id, [{ name: "page.json", bytes: new TextEncoder().encode(JSON.stringify(page)) }]);
    await expect(refused).rejects.toMatchObject({ status: 413, message: expect.stringMatching(/holds 6 annotations; one import may hold at most 5\. Split it/) });
  } finally {
    delete process.env.MAX_IMPORT_ANNOTATIONS;
  }
  expect(await db.annotation.count({ where: { projectId: fixture.project.id } })).toBe(before);
});
