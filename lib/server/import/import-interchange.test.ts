// Issue 19, on a real PostgreSQL: exports read back by the import — doccano offsets in UTF-16 units,
// doccano 1.x files, brat attributes, non-ASCII label names and relation types, W3C between projects.
import { beforeAll, expect, test } from "vitest";
import { readCsv } from "@/lib/formats/csv-read";
import { readZip } from "@/lib/formats/import/zip-reader";
import { uuidv7 } from "@/lib/ids";
import { documentAccessOf, projectAccessOf } from "@/lib/testing/access";
import { useTestDatabase } from "@/lib/testing/test-database";
import { exportToBytes } from "@/lib/testing/tricky-project";

let db: typeof import("@/lib/db").db;
let importer: typeof import("@/lib/server/import/import-annotation-sets");
let owner: { id: string; name: string | null };

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  importer = await import("@/lib/server/import/import-annotation-sets");
  owner = await db.user.create({ data: { email: `owner-${uuidv7()}@interchange.test`, name: "Owner" } });
});

const SUMMIT = [
  "Summit 🤝 in Vladivostok: 김정은 met Putin 😀🇰🇵 and 普京 spoke.",
  "The 🚀 launch was discussed by 金正恩 and Putin in the harbour.",
].join("\n");

const cp = (text: string, needle: string, from = 0) => {
  const at = text.indexOf(needle, from);
  if (at < 0) throw new Error(`"${needle}" not in the text`);
  const start = [...text.slice(0, at)].length;
  return { start, end: start + [...needle].length, exact: needle };
};

/** A project holding `text`, annotated by its owner: spans (needle, label name) and attributes. */
async function projectWith(name: string, text: string, spans: { needle: string; label: string; attributes?: Record<string, unknown>; note?: string }[], extra: { labels?: { name: string; kind: "ENTITY" | "EVENT" | "CLAIM" }[]; sourceUrl?: string } = {}) {
  const { createProject } = await import("@/lib/server/projects/create-project");
  const { importDocuments } = await import("@/lib/server/documents/import-documents");
  const { createAnnotation } = await import("@/lib/server/annotations/create-annotation");
  const project = await createProject(owner.id, { name: `${name} ${uuidv7().slice(-6)}`, description: "" });
  if (extra.labels) await db.label.createMany({ data: extra.labels.map((l, i) => ({ projectId: project.id, name: l.name, kind: l.kind, color: "#fda4af", position: 100 + i })) });
  const imported = await importDocuments(await projectAccessOf(owner.id, project.id), [{ name: "summit.txt", fileName: "summit.txt", text, meta: { title: "Summit", ...(extra.sourceUrl ? { sourceUrl: extra.sourceUrl } : {}) } }], { trim: false, dryRun: false });
  const documentId = imported.report[0].documentId!;
  const labels = await db.label.findMany({ where: { projectId: project.id } });
  const ids: string[] = [];
  for (const s of spans) {
    const access = await documentAccessOf(owner.id, documentId);
    const made = await createAnnotation(access, { id: uuidv7(), labelId: labels.find((l) => l.name === s.label)!.id, ...cp(text, s.needle), attributes: s.attributes ?? {}, note: s.note ?? "" });
    ids.push(made.annotation.id);
  }
  return { projectId: project.id, documentId, ids };
}

async function emptyProject(name: string, extra: { labels?: { name: string; kind: "ENTITY" | "EVENT" | "CLAIM" }[] } = {}) {
  const { createProject } = await import("@/lib/server/projects/create-project");
  const project = await createProject(owner.id, { name: `${name} ${uuidv7().slice(-6)}`, description: "" });
  if (extra.labels) await db.label.createMany({ data: extra.labels.map((l, i) => ({ projectId: project.id, name: l.name, kind: l.kind, color: "#fda4af", position: 100 + i })) });
  return project.id;
}

/** The stored spans of a project: quote and label, in text order. */
async function spansOf(projectId: string) {
  const rows = await db.annotation.findMany({ where: { projectId, deletedAt: null }, select: { start: true, end: true, exact: true, attributes: true, note: true, label: { select: { name: true } } }, orderBy: [{ start: "asc" }, { end: "asc" }] });
  const texts = await db.document.findMany({ where: { projectId }, select: { text: true } });
  // Each stored quote must be what the text holds at the stored position.
  for (const r of rows) expect(texts.some((t) => [...t.text].slice(r.start, r.end).join("") === r.exact)).toBe(true);
  return rows.map((r) => ({ exact: r.exact, label: r.label.name, attributes: r.attributes, note: r.note }));
}

const annotations = (report: Awaited<ReturnType<typeof importer.importAnnotationFiles>>) => {
  if (report.kind !== "annotations") throw new Error("expected an annotation import");
  return report;
};

// ---- 1. doccano offsets in UTF-16 units -------------------------------------------------------

const SUMMIT_SPANS = [
  { needle: "Summit 🤝 in Vladivostok", label: "Meeting/Visit" },
  { needle: "김정은", label: "Person" },
  { needle: "Putin", label: "Person" },
  { needle: "普京", label: "Person" },
  { needle: "金正恩", label: "Person" },
  { needle: "harbour", label: "Location" },
];

test("doccano exported with offsets=utf16 and imported without a unit: detected, every span where it was", async () => {
  const source = await projectWith("utf16 source", SUMMIT, SUMMIT_SPANS);
  const { bytes } = await exportToBytes(source.projectId, { format: "jsonl", offsets: "utf16", layers: "mixed" });
  const target = await emptyProject("utf16 target");
  const report = annotations(await importer.importAnnotationFiles(target, owner.id, [{ name: "summit.jsonl", bytes }]));
  expect(report.offsetUnit).toEqual({ unit: "utf16", detected: true });
  expect(report.totals).toMatchObject({ accepted: SUMMIT_SPANS.length, refused: 0, reanchored: 0 });
  expect(await spansOf(target)).toEqual(await spansOf(source.projectId));
});

test("doccano UTF-16 offsets that both readings fit are refused with a question; with the unit chosen they land right", async () => {
  // Only spans early in the text: read as code points they are still inside it, but elsewhere.
  const spans = SUMMIT_SPANS.slice(0, 3);
  const source = await projectWith("ambiguous source", SUMMIT, spans);
  const { bytes } = await exportToBytes(source.projectId, { format: "jsonl", offsets: "utf16", layers: "mixed" });
  const target = await emptyProject("ambiguous target");
  const files = [{ name: "summit.jsonl", bytes }];
  await expect(importer.importAnnotationFiles(target, owner.id, files, { dryRun: true })).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/code points .* UTF-16 units .*Choose the offset unit/) });
  await expect(importer.importAnnotationFiles(target, owner.id, files)).rejects.toMatchObject({ status: 400 });
  expect(await db.document.count({ where: { projectId: target } })).toBe(0);

  const chosen = annotations(await importer.importAnnotationFiles(target, owner.id, files, { offsetUnit: "utf16" }));
  expect(chosen.offsetUnit).toEqual({ unit: "utf16", detected: false });
  expect(await spansOf(target)).toEqual(await spansOf(source.projectId));
});

test("the route takes offsetUnit from the form and refuses an unknown unit", async () => {
  const { readUpload } = await import("@/lib/server/import/read-upload");
  const form = (unit: string) => {
    const body = new FormData();
    body.append("files", new Blob(["{}"]), "a.jsonl");
    body.append("offsetUnit", unit);
    return new Request("http://x/api/projects/p/annotation-import", { method: "POST", body });
  };
  expect((await readUpload(form("utf16"))).offsetUnit).toBe("utf16");
  await expect(readUpload(form("bytes"))).rejects.toMatchObject({ status: 400, message: expect.stringContaining("offsetUnit") });
});

// ---- 2. doccano 1.0–1.4 ------------------------------------------------------------------------

const DOCCANO_1X = [
  { id: 1, text: "Kim Jong Un met Putin in Vladivostok.", annotations: [{ id: 11, label: 2, start_offset: 0, end_offset: 11, user: 1 }, { id: 12, label: 3, start_offset: 25, end_offset: 36, user: 1 }], meta: {}, annotation_approver: null },
  { id: 2, text: "Putin thanked Kim.", annotations: [{ id: 13, label: 2, start_offset: 0, end_offset: 5, user: 1 }], meta: {}, annotation_approver: null },
];
const LABELS_1X = [
  { id: 2, text: "Person", prefix_key: null, suffix_key: "p", background_color: "#209cee", text_color: "#ffffff" },
  { id: 3, text: "Location", prefix_key: null, suffix_key: "l", background_color: "#ff0000", text_color: "#ffffff" },
];
const encode = (s: string) => new TextEncoder().encode(s);

test("doccano 1.x files with numeric label ids: with doccano's label file the spans come in; without it, no empty documents and a report saying what to add", async () => {
  const jsonl = encode(DOCCANO_1X.map((r) => JSON.stringify(r)).join("\n"));
  const target = await emptyProject("doccano 1.x");
  const bare = annotations(await importer.importAnnotationFiles(target, owner.id, [{ name: "project_1_dataset.jsonl", bytes: jsonl }], { dryRun: true }));
  expect(bare.totals.newDocuments).toBe(0);
  expect(bare.problems.map((p) => p.message)).toEqual(expect.arrayContaining([expect.stringMatching(/label 2 is a doccano 1\.x label number; add the project's label file/)]));

  const report = annotations(await importer.importAnnotationFiles(target, owner.id, [
    { name: "project_1_dataset.jsonl", bytes: jsonl },
    { name: "label_config.json", bytes: encode(JSON.stringify(LABELS_1X)) },
  ]));
  expect(report.totals).toMatchObject({ accepted: 3, refused: 0, newDocuments: 2 });
  expect((await spansOf(target)).map((s) => `${s.exact}/${s.label}`).sort()).toEqual(["Kim Jong Un/Person", "Putin/Person", "Vladivostok/Location"]);
});

test("an empty .jsonl gets a report that says it is empty", async () => {
  const target = await emptyProject("empty jsonl");
  const report = annotations(await importer.importAnnotationFiles(target, owner.id, [{ name: "empty.jsonl", bytes: new Uint8Array() }], { dryRun: true }));
  expect(report.problems).toEqual([{ file: "empty.jsonl", message: expect.stringContaining("the file is empty") }]);
  expect(report.documents).toEqual([]);
});


// ---- 3. brat attributes ------------------------------------------------------------------------

test("brat: every attribute the export writes comes back — A lines (stance, modality) and the ones carried in AnnotatorNotes", async () => {
  const source = await projectWith("brat attributes", SUMMIT, [
    { needle: "Summit 🤝 in Vladivostok", label: "Meeting/Visit", attributes: { date: "2019-04" }, note: "first | summit" },
    { needle: "김정은", label: "Person", attributes: { canonicalName: "Kim Jong Un" } },
    { needle: "The 🚀 launch was discussed", label: "Claim", attributes: { stance: "supportive", modality: "factual", claimantText: "=KCNA | Rodong" } },
  ]);
  const { bytes } = await exportToBytes(source.projectId, { format: "brat" });
  const ann = new TextDecoder().decode(readZip(bytes).find((e) => e.path.endsWith(".ann"))!.data);
  expect(ann).toMatch(/^A\d+\tStance T\d+ supportive$/m);
  const target = await emptyProject("brat attributes target");
  const report = annotations(await importer.importAnnotationFiles(target, owner.id, [{ name: "brat.zip", bytes }]));
  expect(report.totals).toMatchObject({ accepted: 3, refused: 0 });
  expect(report.documents[0].annotations.map((a) => a.reason)).toEqual([undefined, undefined, undefined]);
  expect(await spansOf(target)).toEqual(await spansOf(source.projectId));
});

// ---- 4. non-ASCII label names ------------------------------------------------------------------

test("brat: label names brat cannot carry (Städte, 인물) come back through visual.conf", async () => {
  const labels = [{ name: "Städte", kind: "ENTITY" as const }, { name: "인물", kind: "ENTITY" as const }];
  const source = await projectWith("brat names", SUMMIT, [{ needle: "Vladivostok", label: "Städte" }, { needle: "김정은", label: "인물" }, { needle: "Putin", label: "인물" }], { labels });
  const { bytes } = await exportToBytes(source.projectId, { format: "brat" });
  const target = await emptyProject("brat names target", { labels });
  const report = annotations(await importer.importAnnotationFiles(target, owner.id, [{ name: "brat.zip", bytes }]));
  expect(report.totals).toMatchObject({ accepted: 3, refused: 0 });
  expect(await spansOf(target)).toEqual(await spansOf(source.projectId));
});

// ---- 5. brat relation types --------------------------------------------------------------------

const EXTRA_TYPES = [{ name: "Part-of", fromKind: "ENTITY", toKind: "ENTITY" }, { name: "Member-of", fromKind: "ENTITY", toKind: "ENTITY" }] as const;

async function relationsOf(projectId: string) {
  const rows = await db.relation.findMany({ where: { projectId, deletedAt: null }, select: { type: { select: { name: true } }, from: { select: { exact: true } }, to: { select: { exact: true } } } });
  return rows.map((r) => `${r.from.exact} ${r.type.name} ${r.to.exact}`).sort();
}

test("brat: relation types are matched by name and argument kinds, their names kept as written", async () => {
  const { createRelation } = await import("@/lib/server/relations/relations");
  const source = await projectWith("brat relations", SUMMIT, [
    { needle: "Vladivostok", label: "Location" }, { needle: "harbour", label: "Location" },
    { needle: "김정은", label: "Person" }, { needle: "Putin", label: "Person" },
    { needle: "Summit 🤝 in Vladivostok", label: "Meeting/Visit" }, { needle: "The 🚀 launch", label: "Other event" },
  ]);
  await db.relationType.createMany({ data: EXTRA_TYPES.map((t) => ({ ...t, projectId: source.projectId })) });
  const types = await db.relationType.findMany({ where: { projectId: source.projectId } });
  const type = (name: string) => types.find((t) => t.name === name)!.id;
  const [city, harbour, kim, putin, summit, launch] = source.ids;
  const access = await documentAccessOf(owner.id, source.documentId);
  for (const [t, fromId, toId] of [["Part-of", harbour, city], ["Member-of", kim, putin], ["part of", launch, summit], ["member of", putin, kim]] as const) {
    await createRelation(access, { id: uuidv7(), typeId: type(t), fromId, toId });
  }
  const { bytes } = await exportToBytes(source.projectId, { format: "brat" });
  const target = await emptyProject("brat relations target");
  await db.relationType.createMany({ data: EXTRA_TYPES.map((t) => ({ ...t, projectId: target })) });
  const report = annotations(await importer.importAnnotationFiles(target, owner.id, [{ name: "brat.zip", bytes }]));
  expect(report.documents[0].relations).toEqual({ added: 4, skipped: [] });
  expect(await relationsOf(target)).toEqual(await relationsOf(source.projectId));
});

// ---- 6. W3C between projects -------------------------------------------------------------------

test("W3C: a file imports into another project holding the same text (by its urn:sha256), or the same source URL; notes keep their white space", async () => {
  const spans = [
    { needle: "Summit 🤝 in Vladivostok", label: "Meeting/Visit", note: "  indented, and a line end\n" },
    { needle: "김정은", label: "Person" },
    { needle: "harbour", label: "Location", note: "\tport" },
  ];
  const source = await projectWith("w3c source", SUMMIT, spans, { sourceUrl: "https://kcna.example/summit" });
  const { bytes } = await exportToBytes(source.projectId, { format: "w3c", layers: "mixed" });
  const exported = JSON.parse(new TextDecoder().decode(bytes));
  expect(exported.first.items[0].target["wb:textHash"]).toMatch(/^urn:sha256:[0-9a-f]{64}$/);

  // The same text in another project: found by its hash, every span accepted where it was.
  const same = await projectWith("w3c same text", SUMMIT, []);
  const report = annotations(await importer.importAnnotationFiles(same.projectId, owner.id, [{ name: "set.jsonld", bytes }]));
  expect(report.documents.map((d) => [d.target, d.documentId])).toEqual([["existing", same.documentId]]);
  expect(report.totals).toMatchObject({ accepted: 3, refused: 0 });
  expect(await spansOf(same.projectId)).toEqual(await spansOf(source.projectId));

  // A version of the page with a line more: found by its source URL, the spans re-anchored by their quotes.
  const edited = await projectWith("w3c same url", `Dateline.\n${SUMMIT}`, [], { sourceUrl: "https://kcna.example/summit" });
  const byUrl = annotations(await importer.importAnnotationFiles(edited.projectId, owner.id, [{ name: "set.jsonld", bytes }]));
  expect(byUrl.documents.map((d) => d.documentId)).toEqual([edited.documentId]);
  expect(byUrl.totals).toMatchObject({ reanchored: 3, refused: 0 });
  expect((await spansOf(edited.projectId)).map((s) => s.exact)).toEqual(spans.map((s) => s.needle));
});

// ---- CSV for data pipelines --------------------------------------------------------------------

test("CSV: guard=false leaves formula-like text as written for pandas; the default guards it, after a leading line feed too", async () => {
  const source = await projectWith("csv guard", SUMMIT, [{ needle: "김정은", label: "Person", note: "\n=HYPERLINK(\"http://evil.example\")" }]);
  const note = async (query: Record<string, string>) => {
    const [header, row] = readCsv(new TextDecoder().decode((await exportToBytes(source.projectId, { format: "csv", layers: "mixed", ...query })).bytes));
    return row[header.indexOf("note")];
  };
  expect(await note({})).toBe(`'\n=HYPERLINK("http://evil.example")`);
  expect(await note({ guard: "false" })).toBe(`\n=HYPERLINK("http://evil.example")`);
});

// ---- brat corpora: events, attributes, normalizations ------------------------------------------

test("brat: a corpus with every line type — events become their trigger with participants and location, A/M attributes, N links, R relations, notes", async () => {
  const text = "Kim Jong Un met Putin in Vladivostok. KCNA said the talks were a success.";
  const at = (needle: string) => { const { start, end } = cp(text, needle); return `${start} ${end}\t${needle}`; };
  const ann = [
    `T1\tPerson ${at("Kim Jong Un")}`, `T2\tPerson ${at("Putin")}`, `T3\tLocation ${at("Vladivostok")}`, `T4\tMeeting_Visit ${at("met")}`,
    "E1\tMeeting_Visit:T4 Participant:T1 Participant2:T2 Place:T3",
    `T5\tClaim ${at("the talks were a success")}`,
    "A1\tStance T5 supportive", "M2\tModality T5 factual",
    "N1\tReference T2 Wikidata:Q7747\tVladimir Putin",
    "R1\trefers_to Arg1:T5 Arg2:T3",
    "#1\tAnnotatorNotes T3\tport city",
    "*\tEquiv T1 T1",
  ].join("\n") + "\n";
  const target = await emptyProject("brat corpus");
  const report = annotations(await importer.importAnnotationFiles(target, owner.id, [{ name: "news.txt", bytes: encode(text) }, { name: "news.ann", bytes: encode(ann) }]));
  expect(report.totals).toMatchObject({ accepted: 5, refused: 0, relations: 4, links: 1, newItems: 1 });
  // An equivalence of a span with itself names nothing to link (lib/server/import/import-brat-links.test.ts has real ones).
  expect(report.problems.map((p) => p.message)).toEqual([expect.stringContaining("equivalence")]);
  const rows = await db.annotation.findMany({ where: { projectId: target }, select: { id: true, exact: true, attributes: true, note: true } });
  const by = (exact: string) => rows.find((r) => r.exact === exact)!;
  expect(by("met").attributes).toEqual({ participantIds: [by("Kim Jong Un").id, by("Putin").id], locationId: by("Vladivostok").id });
  expect(by("the talks were a success").attributes).toEqual({ stance: "supportive", modality: "factual" });
  const putin = await db.annotation.findFirstOrThrow({ where: { projectId: target, exact: "Putin" }, select: { attributes: true, note: true, canonical: { select: { name: true, externalIds: true } } } });
  expect(putin).toEqual({ attributes: {}, note: "", canonical: { name: "Vladimir Putin", externalIds: ["Wikidata:Q7747"] } });
  expect(by("Vladivostok").note).toBe("port city");
  expect(await relationsOf(target)).toEqual(["the talks were a success refers to Vladivostok"]);
});

// ---- CoNLL in -----------------------------------------------------------------------------------

test("CoNLL: export → import into a new project → export gives the same file", async () => {
  const source = await projectWith("conll source", SUMMIT, [
    { needle: "Vladivostok", label: "Location" }, { needle: "김정은", label: "Person" }, { needle: "Putin", label: "Person" }, { needle: "金正恩", label: "Person" },
  ]);
  const first = (await exportToBytes(source.projectId, { format: "conll", layers: "mixed" })).bytes;
  const target = await emptyProject("conll target");
  const report = annotations(await importer.importAnnotationFiles(target, owner.id, [{ name: "summit.conll", bytes: first }]));
  expect(report).toMatchObject({ format: "conll", totals: { accepted: 4, refused: 0, newDocuments: 1 } });
  const again = (await exportToBytes(target, { format: "conll", layers: "mixed" })).bytes;
  expect(new TextDecoder().decode(again)).toBe(new TextDecoder().decode(first));
});

test("W3C with embedText=1: the text travels in the file, so a project without it gets the document and its spans", async () => {
  const source = await projectWith("w3c embed", SUMMIT, [{ needle: "김정은", label: "Person" }, { needle: "harbour", label: "Location" }]);
  const { bytes } = await exportToBytes(source.projectId, { format: "w3c", layers: "mixed", embedText: "1" });
  const target = await emptyProject("w3c embed target");
  const report = annotations(await importer.importAnnotationFiles(target, owner.id, [{ name: "set.jsonld", bytes }]));
  expect(report.documents.map((d) => d.reason)).toEqual([undefined]);
  expect(report.totals).toMatchObject({ accepted: 2, refused: 0, newDocuments: 1 });
  expect(await spansOf(target)).toEqual(await spansOf(source.projectId));
  // Without it, the file names the text but does not carry it.
  const plain = (await exportToBytes(source.projectId, { format: "w3c", layers: "mixed" })).bytes;
  expect(new TextDecoder().decode(plain)).not.toContain('"wb:text"');
});
