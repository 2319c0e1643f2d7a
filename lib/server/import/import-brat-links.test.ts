// Issue 19, what brat corpora carry, on a real PostgreSQL: N lines as knowledge-base links, A/M
// lines the label scheme lacks as named extra attributes, * equivalences as co-reference, and a
// corpus with every line type through import → export → import.
import { beforeAll, expect, test } from "vitest";
import { readZip } from "@/lib/formats/import/zip-reader";
import { uuidv7 } from "@/lib/ids";
import { documentAccessOf, projectAccessOf } from "@/lib/testing/access";
import { useTestDatabase } from "@/lib/testing/test-database";
import { exportToBytes } from "@/lib/testing/tricky-project";

let db: typeof import("@/lib/db").db;
let importer: typeof import("@/lib/server/import/import-annotation-sets");
let owner: { id: string };

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  importer = await import("@/lib/server/import/import-annotation-sets");
  owner = await db.user.create({ data: { email: `owner-${uuidv7()}@brat-links.test`, name: "Owner" } });
});

const encode = (s: string) => new TextEncoder().encode(s);
const decode = (b: Uint8Array) => new TextDecoder().decode(b);

async function emptyProject(name: string) {
  const { createProject } = await import("@/lib/server/projects/create-project");
  return (await createProject(owner.id, { name: `${name} ${uuidv7().slice(-6)}`, description: "" })).id;
}

/** brat's T line columns for the `occurrence`th `needle` in the text (code points, as brat counts). */
const at = (text: string, needle: string, occurrence = 1) => {
  let index = -1;
  for (let n = 0; n < occurrence; n++) index = text.indexOf(needle, index + 1);
  if (index < 0) throw new Error(`"${needle}" not in the text`);
  const start = [...text.slice(0, index)].length;
  return `${start} ${start + [...needle].length}\t${needle}`;
};

async function importBrat(projectId: string, name: string, text: string, ann: string[], options: { dryRun?: boolean } = {}) {
  const report = await importer.importAnnotationFiles(projectId, owner.id, [{ name: `${name}.txt`, bytes: encode(text) }, { name: `${name}.ann`, bytes: encode(ann.join("\n") + "\n") }], options);
  if (report.kind !== "annotations") throw new Error("expected an annotation import");
  return report;
}

/**
 * What a person sees of a project's annotations: quote, label, attributes (links as the linked
 * quote), note, the knowledge-base item (name and external ids other than our own references) and
 * which spans mention the same item; and the typed relations.
 */
async function snapshot(projectId: string) {
  const rows = await db.annotation.findMany({
    where: { projectId, deletedAt: null },
    select: { id: true, exact: true, attributes: true, note: true, canonicalId: true, label: { select: { name: true } }, canonical: { select: { name: true, externalIds: true } } },
    orderBy: [{ start: "asc" }, { end: "asc" }],
  });
  const quote = (id: unknown) => rows.find((r) => r.id === id)?.exact ?? `(missing ${String(id)})`;
  const annotations = rows.map((r) => {
    const attributes = { ...(r.attributes as Record<string, unknown>) };
    for (const key of ["participantIds", "locationId", "claimantId"]) {
      if (key in attributes) attributes[key] = Array.isArray(attributes[key]) ? (attributes[key] as string[]).map(quote) : quote(attributes[key]);
    }
    return {
      exact: r.exact, label: r.label.name, attributes, note: r.note,
      item: r.canonical ? { name: r.canonical.name, externalIds: r.canonical.externalIds.filter((x) => !x.startsWith("workbench:")) } : null,
      sameItem: r.canonicalId ? rows.filter((o) => o.canonicalId === r.canonicalId).map((o) => o.exact) : [],
    };
  });
  const relations = await db.relation.findMany({ where: { projectId, deletedAt: null }, select: { type: { select: { name: true } }, from: { select: { exact: true } }, to: { select: { exact: true } } } });
  return { annotations, relations: relations.map((r) => `${r.from.exact} ${r.type.name} ${r.to.exact}`).sort() };
}

/** The .ann files and annotation.conf of a brat export zip. */
function exported(bytes: Uint8Array) {
  const entries = readZip(bytes);
  return {
    ann: entries.filter((e) => e.path.endsWith(".ann")).map((e) => decode(e.data)).join(""),
    conf: decode(entries.find((e) => e.path.endsWith("/annotation.conf"))!.data),
  };
}

const ADAMS = "Douglas Adams wrote the Guide. Adams lived in London.";

test("N lines link spans to a knowledge-base item whose external id is the reference; the same reference, in this file or a later one, links to the same item", async () => {
  const project = await emptyProject("brat N");
  const ann = [
    `T1\tPerson ${at(ADAMS, "Douglas Adams")}`, `T2\tPerson ${at(ADAMS, "Adams", 2)}`,
    `T3\tLocation ${at(ADAMS, "London")}`,
    "N1\tReference T1 Wikidata:Q42\tDouglas Adams", "N2\tReference T2 Wikidata:Q42\tDouglas Adams", "N3\tReference T3 Wikidata:Q84\tLondon",
  ];
  // A dry run says what would be linked and makes nothing.
  const dry = await importBrat(project, "adams", ADAMS, ann, { dryRun: true });
  expect(dry.totals).toMatchObject({ accepted: 3, links: 3, newItems: 2 });
  expect(await db.canonicalItem.count({ where: { projectId: project } })).toBe(0);

  const report = await importBrat(project, "adams", ADAMS, ann);
  expect(report.totals).toMatchObject({ accepted: 3, links: 3, newItems: 2 });
  const { annotations } = await snapshot(project);
  expect(annotations).toEqual([
    expect.objectContaining({ exact: "Douglas Adams", item: { name: "Douglas Adams", externalIds: ["Wikidata:Q42"] }, sameItem: ["Douglas Adams", "Adams"], note: "", attributes: {} }),
    expect.objectContaining({ exact: "Adams", item: { name: "Douglas Adams", externalIds: ["Wikidata:Q42"] } }),
    expect.objectContaining({ exact: "London", item: { name: "London", externalIds: ["Wikidata:Q84"] } }),
  ]);

  // Another document naming Wikidata:Q42 links to that item, and a second reference is added to it.
  const other = "Adams met the Hitchhiker in Paris.";
  const again = await importBrat(project, "paris", other, [`T1\tPerson ${at(other, "Adams")}`, "N1\tReference T1 Wikidata:Q42", "N2\tReference T1 VIAF:113230702"]);
  expect(again.totals).toMatchObject({ accepted: 1, links: 1, newItems: 0 });
  // The same file again changes nothing, and says the spans already here keep their links as they are.
  const repeat = await importBrat(project, "paris", other, [`T1\tPerson ${at(other, "Adams")}`, "N1\tReference T1 Wikidata:Q42"]);
  expect(repeat.totals).toMatchObject({ duplicate: 1, links: 0, newItems: 0 });
  expect(repeat.documents[0].annotations[0].reason).toBe("you already have this span with this label here; its reference Wikidata:Q42 was not linked (link it in the knowledge base)");
  const items = await db.canonicalItem.findMany({ where: { projectId: project }, select: { name: true, externalIds: true, _count: { select: { mentions: true } } }, orderBy: { name: "asc" } });
  expect(items).toEqual([
    { name: "Douglas Adams", externalIds: ["Wikidata:Q42", "VIAF:113230702"], _count: { mentions: 3 } },
    { name: "London", externalIds: ["Wikidata:Q84"], _count: { mentions: 1 } },
  ]);
});

test("N lines link to an item the knowledge base already has with that external id, only of the span's kind", async () => {
  const project = await emptyProject("brat N existing");
  const item = await db.canonicalItem.create({ data: { projectId: project, kind: "ENTITY", name: "Douglas Noel Adams", externalIds: ["Wikidata:Q42"] } });
  const text = "Adams wrote. The Guide says Adams was right.";
  const report = await importBrat(project, "existing", text, [
    `T1\tPerson ${at(text, "Adams")}`, `T2\tClaim ${at(text, "Adams was right")}`,
    "N1\tReference T1 Wikidata:Q42\tDouglas Adams", "N2\tReference T2 Wikidata:Q42\tDouglas Adams",
  ]);
  expect(report.totals).toMatchObject({ links: 2, newItems: 1 });
  const rows = await db.annotation.findMany({ where: { projectId: project }, select: { exact: true, canonical: { select: { id: true, kind: true } } }, orderBy: { start: "asc" } });
  // The entity mention links to the existing entity; the claim gets a claim item of its own.
  expect(rows).toEqual([
    { exact: "Adams", canonical: { id: item.id, kind: "ENTITY" } },
    { exact: "Adams was right", canonical: { id: expect.not.stringMatching(item.id), kind: "CLAIM" } },
  ]);
});

test("N lines: export writes the item's external ids back as N lines, and an import into a fresh project makes the same links", async () => {
  const source = await emptyProject("brat N export");
  const text = "Douglas Adams and Adams again, near London.";
  await importBrat(source, "adams", text, [
    `T1\tPerson ${at(text, "Douglas Adams")}`, `T2\tPerson ${at(text, "Adams", 2)}`, `T3\tLocation ${at(text, "London")}`,
    "N1\tReference T1 Wikidata:Q42\tDouglas Adams", "N2\tReference T2 Wikidata:Q42\tDouglas Adams", "N3\tReference T3 Wikidata:Q84\tLondon",
  ]);
  const { bytes } = await exportToBytes(source, { format: "brat" });
  const { ann } = exported(bytes);
  expect(ann).toMatch(/^N\d+\tReference T1 Wikidata:Q42\tDouglas Adams$/m);
  expect(ann).toMatch(/^N\d+\tReference T2 Wikidata:Q42\tDouglas Adams$/m);
  expect(ann).toMatch(/^N\d+\tReference T3 Wikidata:Q84\tLondon$/m);

  const target = await emptyProject("brat N export target");
  const report = await importer.importAnnotationFiles(target, owner.id, [{ name: "brat.zip", bytes }]);
  expect(report).toMatchObject({ totals: { accepted: 3, links: 3, newItems: 2 } });
  expect((await snapshot(target)).annotations).toEqual((await snapshot(source)).annotations);
});

test("A/M lines the label scheme does not have are kept as named extra attributes, shown apart from the note, and written back as A lines", async () => {
  const project = await emptyProject("brat extra");
  const text = "Putin did not meet KCNA.";
  const report = await importBrat(project, "extra", text, [
    `T1\tPerson ${at(text, "Putin")}`, `T2\tOrganization ${at(text, "KCNA")}`, `T3\tMeeting_Visit ${at(text, "meet")}`, "E1\tMeeting_Visit:T3 Participant:T1",
    "A1\tNegation E1", "M2\tConfidence T2 High", "A3\tUncertain T1",
  ]);
  expect(report.documents[0].annotations.map((a) => a.reason)).toEqual([undefined, undefined, undefined]);
  const by = async (exact: string) => (await db.annotation.findFirstOrThrow({ where: { projectId: project, exact }, select: { attributes: true, note: true } }));
  expect(await by("meet")).toMatchObject({ attributes: { extra: { Negation: true } }, note: "" });
  expect(await by("KCNA")).toEqual({ attributes: { extra: { Confidence: "High" } }, note: "" });
  expect(await by("Putin")).toEqual({ attributes: { extra: { Uncertain: true } }, note: "" });

  const { bytes } = await exportToBytes(project, { format: "brat" });
  const { ann, conf } = exported(bytes);
  // brat puts an event's attributes on its E id; flags have no value.
  expect(ann).toMatch(/^A\d+\tNegation E1$/m);
  expect(ann).toMatch(/^A\d+\tConfidence T\d High$/m);
  expect(ann).toMatch(/^A\d+\tUncertain T\d$/m);
  expect(ann).not.toMatch(/Confidence: High|Negation: true/);
  expect(conf).toContain("Negation\tArg:<EVENT>\n");
  expect(conf).toContain("Confidence\tArg:<ENTITY>, Value:High\n");
  const target = await emptyProject("brat extra target");
  await importer.importAnnotationFiles(target, owner.id, [{ name: "brat.zip", bytes }]);
  expect((await snapshot(target)).annotations).toEqual((await snapshot(project)).annotations);
});

test("extra attributes pass the label scheme's validation through the API, and only as flags or short values", async () => {
  const { createAnnotation } = await import("@/lib/server/annotations/create-annotation");
  const { importDocuments } = await import("@/lib/server/documents/import-documents");
  const project = await emptyProject("extra api");
  const imported = await importDocuments(await projectAccessOf(owner.id, project), [{ name: "a.txt", fileName: "a.txt", text: "Putin spoke.", meta: { title: "A" } }], { trim: false, dryRun: false });
  const documentId = imported.report[0].documentId!;
  const labelId = (await db.label.findFirstOrThrow({ where: { projectId: project, name: "Person" } })).id;
  const access = await documentAccessOf(owner.id, documentId);
  const made = await createAnnotation(access, { id: uuidv7(), labelId, start: 0, end: 5, exact: "Putin", attributes: { canonicalName: "Vladimir Putin", extra: { Negation: true, Confidence: "High" } }, note: "" });
  expect(made.annotation.attributes).toEqual({ canonicalName: "Vladimir Putin", extra: { Negation: true, Confidence: "High" } });
  await expect(createAnnotation(access, { id: uuidv7(), labelId, start: 6, end: 11, exact: "spoke", attributes: { extra: { Confidence: 5 } }, note: "" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
});

test("* equivalences link their spans to one knowledge-base item, exported back as * lines", async () => {
  const project = await emptyProject("brat equiv");
  const text = "Pyongyang hosted. The capital was quiet. Seoul and Pyongyang.";
  const report = await importBrat(project, "equiv", text, [
    `T1\tLocation ${at(text, "Pyongyang")}`, `T2\tLocation ${at(text, "The capital")}`, `T3\tLocation ${at(text, "Seoul")}`,
    "*\tEquiv T1 T2",
  ]);
  expect(report.totals).toMatchObject({ links: 2, newItems: 1 });
  expect(report.problems).toEqual([]);
  const before = await snapshot(project);
  expect(before.annotations.map((a) => [a.exact, a.item, a.sameItem])).toEqual([
    ["Pyongyang", { name: "Pyongyang", externalIds: [] }, ["Pyongyang", "The capital"]],
    ["The capital", { name: "Pyongyang", externalIds: [] }, ["Pyongyang", "The capital"]],
    ["Seoul", null, []],
  ]);
  const { bytes } = await exportToBytes(project, { format: "brat" });
  const { ann, conf } = exported(bytes);
  expect(ann).toMatch(/^\*\tEquiv T1 T2$/m);
  expect(conf).toContain("Equiv\tArg1:<ENTITY>, Arg2:<ENTITY>, <REL-TYPE>:symmetric-transitive\n");
  const target = await emptyProject("brat equiv target");
  await importer.importAnnotationFiles(target, owner.id, [{ name: "brat.zip", bytes }]);
  expect((await snapshot(target)).annotations).toEqual(before.annotations);
});

test("brat round trip: a corpus with every line type (T, R, E, A, M, N, *, #) → import → export → import gives the same annotations, relations, attributes and links", async () => {
  const text = [
    "Douglas Adams met Kim Jong Un in Vladivostok. The port city was cold.",
    "Adams said the talks were a success. KCNA reported it.",
  ].join("\n");
  const corpus = [
    `T1\tPerson ${at(text, "Douglas Adams")}`, `T2\tPerson ${at(text, "Kim Jong Un")}`, `T3\tLocation ${at(text, "Vladivostok")}`,
    `T4\tMeeting_Visit ${at(text, "met")}`, "E1\tMeeting_Visit:T4 Participant:T1 Participant2:T2 Place:T3",
    `T5\tLocation ${at(text, "The port city")}`, `T6\tPerson ${at(text, "Adams", 2)}`, `T7\tClaim ${at(text, "the talks were a success")}`, `T8\tOrganization ${at(text, "KCNA")}`,
    "A1\tStance T7 supportive", "M2\tModality T7 factual", "A3\tNegation E1", "A4\tConfidence T8 High", "A5\tSpeculation T7",
    "N1\tReference T1 Wikidata:Q42\tDouglas Adams", "N2\tReference T6 Wikidata:Q42\tDouglas Adams",
    "N3\tReference T2 Wikidata:Q56226\tKim Jong-un", "N4\tReference T2 Wikipedia:Kim_Jong_Un\tKim Jong-un",
    "*\tEquiv T3 T5",
    "R1\trefers_to Arg1:T7 Arg2:T1",
    "#1\tAnnotatorNotes T3\tport city on the Sea of Japan",
  ];
  const first = await emptyProject("brat round trip");
  const report = await importBrat(first, "corpus", text, corpus);
  expect(report.problems).toEqual([]);
  expect(report.totals).toMatchObject({ accepted: 8, refused: 0, relations: 4, links: 5, newItems: 3 });
  const imported = await snapshot(first);
  expect(imported.relations).toEqual(["the talks were a success refers to Douglas Adams"]);
  const by = (exact: string) => imported.annotations.find((a) => a.exact === exact)!;
  expect(by("met").attributes).toEqual({ participantIds: ["Douglas Adams", "Kim Jong Un"], locationId: "Vladivostok", extra: { Negation: true } });
  expect(by("the talks were a success").attributes).toEqual({ stance: "supportive", modality: "factual", extra: { Speculation: true } });
  expect(by("KCNA").attributes).toEqual({ extra: { Confidence: "High" } });
  expect(by("Kim Jong Un").item).toEqual({ name: "Kim Jong-un", externalIds: ["Wikidata:Q56226", "Wikipedia:Kim_Jong_Un"] });
  expect(by("Adams").sameItem).toEqual(["Douglas Adams", "Adams"]);
  expect(by("The port city")).toMatchObject({ item: { name: "Vladivostok", externalIds: [] }, sameItem: ["Vladivostok", "The port city"] });
  expect(by("Vladivostok").note).toBe("port city on the Sea of Japan");

  const { bytes } = await exportToBytes(first, { format: "brat" });
  const { ann } = exported(bytes);
  for (const kind of ["T", "R", "E", "A", "N", "*", "#"]) expect(ann, kind).toMatch(new RegExp(`^\\${kind}\\d*\\t`, "m"));
  const secondProject = await emptyProject("brat round trip again");
  const again = await importer.importAnnotationFiles(secondProject, owner.id, [{ name: "brat.zip", bytes }]);
  expect(again).toMatchObject({ problems: [], totals: { accepted: 8, refused: 0, relations: 4, links: 5, newItems: 3 } });
  expect(await snapshot(secondProject)).toEqual(imported);
});

test("merging knowledge-base items keeps the merged ones' external ids, so a later import naming one links to the merged item", async () => {
  const { mergeCanonicalItems } = await import("@/lib/server/knowledge/merge-canonical-items");
  const project = await emptyProject("brat N merge");
  const text = "Kim Jong Un and Kim Jong-un.";
  await importBrat(project, "kim", text, [
    `T1\tPerson ${at(text, "Kim Jong Un")}`, `T2\tPerson ${at(text, "Kim Jong-un")}`,
    "N1\tReference T1 Wikidata:Q56226\tKim Jong Un", "N2\tReference T2 Wikipedia:Kim_Jong-un\tKim Jong-un",
  ]);
  const [first, second] = await db.canonicalItem.findMany({ where: { projectId: project }, orderBy: { name: "asc" } });
  const merged = await mergeCanonicalItems(await projectAccessOf(owner.id, project), first.id, [second.id]);
  expect(merged.item.externalIds).toEqual(["Wikidata:Q56226", "Wikipedia:Kim_Jong-un"]);
  const later = "Kim Jong-un spoke.";
  const report = await importBrat(project, "later", later, [`T1\tPerson ${at(later, "Kim Jong-un")}`, "N1\tReference T1 Wikipedia:Kim_Jong-un"]);
  expect(report.totals).toMatchObject({ links: 1, newItems: 0 });
  expect(await db.annotation.count({ where: { projectId: project, canonicalId: first.id } })).toBe(3);
});
