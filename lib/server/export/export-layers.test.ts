// Exports keep the annotators' layers apart unless asked to mix them (issue 13, part 4): one file
// per annotator where the format cannot name one per span, an annotator on every record where it
// can, the gold layer only when chosen, and a warning when everything goes into one file.
import { beforeAll, expect, test } from "vitest";
import { readZip } from "@/lib/formats/import/zip-reader";
import { exportOptionsSchema } from "@/lib/schemas/export";
import { useTestDatabase } from "@/lib/testing/test-database";
import { exportToBytes } from "@/lib/testing/tricky-project";

let db: typeof import("@/lib/db").db;
let fixture: Awaited<ReturnType<typeof import("@/lib/testing/tricky-project").createTrickyProject>>;

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  fixture = await (await import("@/lib/testing/tricky-project")).createTrickyProject("layers");
});

type Summary = { layout: string; warning?: string; layers: { layer: string; annotator?: { id: string; name: string }; annotations: number; file?: string; written?: Record<string, number> }[] } & Record<string, unknown>;

const run = async (query: Record<string, string>) => {
  const result = await exportToBytes(fixture.project.id, query);
  return { ...result, summary: result.summary as unknown as Summary };
};

const unzip = (bytes: Uint8Array) => new Map(readZip(bytes).map((e) => [e.path, Buffer.from(e.data).toString("utf8")]));
const jsonLines = (text: string) => text.trim().split("\n").filter(Boolean).map((l) => JSON.parse(l));
const slice = (text: string, start: number, end: number) => [...text].slice(start, end).join("");

/** The live spans of one annotator's layer (or the gold layer) as [start, end] pairs, sorted. */
async function spansOf(who: { gold: true } | { authorId: string }) {
  const rows = await db.annotation.findMany({
    where: { projectId: fixture.project.id, deletedAt: null, ...("gold" in who ? { gold: true } : { gold: false, authorId: who.authorId }) },
    orderBy: [{ start: "asc" }, { end: "asc" }],
    select: { start: true, end: true },
  });
  return rows.map((r) => [r.start, r.end]);
}

test("doccano by default: a zip with one <annotator>.jsonl per annotator, each line naming its annotator, and no gold layer", async () => {
  const { bytes, fileName, contentType, summary } = await run({ format: "jsonl" });
  expect(fileName).toBe("tricky-layers-jsonl.zip");
  expect(contentType).toBe("application/zip");
  const files = unzip(bytes);
  expect([...files.keys()].sort()).toEqual(["tricky-layers-jsonl/amina-layers.jsonl", "tricky-layers-jsonl/bruno-layers.jsonl", "tricky-layers-jsonl/layers.json"]);

  for (const [person, file] of [[fixture.amina, "amina-layers"], [fixture.bruno, "bruno-layers"]] as const) {
    const lines = jsonLines(files.get(`tricky-layers-jsonl/${file}.jsonl`)!);
    // Only the document they annotated: "Plain" has nobody's spans, so it is in nobody's file.
    expect(lines.map((l) => l.id)).toEqual([fixture.documentId]);
    expect(lines[0]).toMatchObject({ layer: "annotator", annotator: person.name, annotator_id: person.id });
    const spans = lines[0].label.map(([s, e]: number[]) => [s, e]).sort((a: number[], b: number[]) => a[0] - b[0] || a[1] - b[1]);
    expect(spans).toEqual(await spansOf({ authorId: person.id }));
  }
  const kim = jsonLines(files.get("tricky-layers-jsonl/amina-layers.jsonl")!)[0].label.find(([s]: number[]) => s === fixture.ids.kim.start);
  expect(slice(fixture.text, kim[0], kim[1])).toBe("Kim Jong Un");

  const manifest = JSON.parse(files.get("tricky-layers-jsonl/layers.json")!);
  expect(manifest).toEqual([
    { file: "amina-layers.jsonl", layer: "annotator", annotator: { id: fixture.amina.id, name: fixture.amina.name }, annotations: 6 },
    { file: "bruno-layers.jsonl", layer: "annotator", annotator: { id: fixture.bruno.id, name: fixture.bruno.name }, annotations: 5 },
  ]);
  expect(summary.warning).toBeUndefined();
  expect(summary).toMatchObject({ layout: "annotators", documents: 1, annotations: 11 });
  expect(summary.layers.map((l) => [l.file, l.annotations, l.written?.annotations])).toEqual([["amina-layers", 6, 6], ["bruno-layers", 5, 5]]);
});

test("annotators and gold: the gold layer comes as one more file, only when chosen", async () => {
  const { bytes, summary } = await run({ format: "jsonl-rich", layers: "annotators-and-gold" });
  const files = unzip(bytes);
  expect([...files.keys()].sort()).toEqual(["amina-layers", "bruno-layers", "gold", "layers"].map((f) => `tricky-layers-jsonl-rich/${f}.${f === "layers" ? "json" : "jsonl"}`));
  const gold = jsonLines(files.get("tricky-layers-jsonl-rich/gold.jsonl")!);
  expect(gold).toHaveLength(1);
  expect(gold[0]).toMatchObject({ layer: "gold", entities: [{ start_offset: fixture.ids.kim.start, end_offset: fixture.ids.kim.end, label: "Person" }] });
  expect(gold[0].annotator).toBeUndefined();
  expect(summary.layers.at(-1)).toEqual({ layer: "gold", annotations: 1, file: "gold", written: expect.objectContaining({ annotations: 1 }) });
});

test("gold only: one file of the gold layer, no annotator's span in it", async () => {
  const { bytes, fileName, summary } = await run({ format: "jsonl", layers: "gold" });
  expect(fileName).toBe("tricky-layers-jsonl-gold.jsonl");
  const lines = jsonLines(Buffer.from(bytes).toString("utf8"));
  expect(lines.map((l) => [l.layer, l.label])).toEqual([["gold", [[fixture.ids.kim.start, fixture.ids.kim.end, "Person"]]]]);
  expect(summary.layers).toEqual([{ layer: "gold", annotations: 1 }]);
});

test("CoNLL by default: one file per annotator, so their overlapping spans never compete for a token", async () => {
  const { bytes, summary } = await run({ format: "conll" });
  const files = unzip(bytes);
  expect([...files.keys()].sort()).toEqual(["tricky-layers-conll/amina-layers.conll", "tricky-layers-conll/bruno-layers.conll", "tricky-layers-conll/layers.json"]);
  const amina = files.get("tricky-layers-conll/amina-layers.conll")!;
  const bruno = files.get("tricky-layers-conll/bruno-layers.conll")!;
  // Both tagged "Vladivostok": Amina as a Location, Bruno as an Organization — each keeps theirs.
  expect(amina).toMatch(/^Vladivostok\tB-Location$/m);
  expect(bruno).toMatch(/^Vladivostok\tB-Organization$/m);
  expect(amina).not.toContain("Organization");
  expect(amina).toMatch(/^金正\tB-Person\n恩\tI-Person$/m);
  expect(bruno).not.toMatch(/^金正\tB-Person/m);
  const mixed = await run({ format: "conll", layers: "mixed" });
  // Mixed, the two compete for one token: one label survives, the other is dropped and counted.
  expect(Buffer.from(mixed.bytes).toString("utf8").match(/^Vladivostok\tB-(Location|Organization)$/gm)).toHaveLength(1);
  expect(mixed.summary.spansDropped).toBeGreaterThan(0);
  expect(summary.spansDropped).toBe(0);
  expect(mixed.summary.warning).toMatch(/conflicting labels/);
  expect(summary.layers.map((l) => l.annotator?.id)).toEqual([fixture.amina.id, fixture.bruno.id]);
});

test("CSV: annotator and annotator_id on every row; the gold layer's rows only when chosen", async () => {
  const rowsOf = async (query: Record<string, string>) => {
    const [header, ...rows] = Buffer.from((await run({ format: "csv", ...query })).bytes).toString("utf8").trim().split("\r\n");
    const columns = header.split(",");
    // The quotes and notes this fixture writes hold no comma before the columns read here.
    return rows.map((r) => r.split(",")).map((cells) => ({ annotator: cells[columns.indexOf("annotator")], id: cells[columns.indexOf("annotator_id")], gold: cells.at(-3) }));
  };
  const rows = await rowsOf({});
  expect(new Set(rows.map((r) => `${r.annotator}|${r.id}`))).toEqual(new Set([`${fixture.amina.name}|${fixture.amina.id}`, `${fixture.bruno.name}|${fixture.bruno.id}`]));
  expect(rows).toHaveLength(11);
  const withGold = await rowsOf({ layers: "annotators-and-gold" });
  expect(withGold).toHaveLength(12);
  expect(withGold.filter((r) => r.id === fixture.owner.id)).toHaveLength(1); // the curator's gold copy
});

test("W3C names each annotation's annotator as its creator (user IRI and name); brat puts each annotator in a folder of their own", async () => {
  const w3c = JSON.parse(Buffer.from((await run({ format: "w3c" })).bytes).toString("utf8"));
  const spans = w3c.first.items.filter((i: { motivation: string }) => i.motivation === "tagging");
  expect(spans).toHaveLength(11);
  const creators = new Set(spans.map((i: { creator: { id: string; name: string } }) => `${i.creator.id} ${i.creator.name}`));
  expect(creators).toEqual(new Set([fixture.amina, fixture.bruno].map((p) => `https://wb.example/users/${p.id} ${p.name}`)));
  expect(spans.every((i: { "wb:gold": boolean }) => !i["wb:gold"])).toBe(true);

  const brat = await run({ format: "brat", layers: "annotators-and-gold" });
  const paths = [...unzip(brat.bytes).keys()].sort();
  expect(paths.filter((p) => p.endsWith(".conf"))).toEqual(["tricky-layers-brat/annotation.conf", "tricky-layers-brat/visual.conf"]);
  const folders = new Set(paths.filter((p) => p.endsWith(".ann")).map((p) => p.split("/")[1]));
  expect(folders).toEqual(new Set(["amina-layers", "bruno-layers", "gold"]));
  const files = unzip(brat.bytes);
  const aminaAnn = [...files].find(([p]) => p.startsWith("tricky-layers-brat/amina-layers/") && p.endsWith(".ann"))![1];
  expect(aminaAnn).toContain(`annotator: ${fixture.amina.name} | annotator_id: ${fixture.amina.id}`);
  expect(aminaAnn).not.toContain(fixture.bruno.name);
  expect(brat.summary.layers.map((l) => l.file)).toEqual(["amina-layers", "bruno-layers", "gold"]);
});

test("mixed: everything in one file, as an explicit choice that carries a warning", async () => {
  const { bytes, fileName, summary } = await run({ format: "jsonl", layers: "mixed" });
  expect(fileName).toBe("tricky-layers-jsonl-mixed.jsonl");
  const [tricky] = jsonLines(Buffer.from(bytes).toString("utf8")).filter((l) => l.id === fixture.documentId);
  // Kim Jong Un three times: Amina's, Bruno's and the gold copy.
  expect(tricky.label.filter(([s, e]: number[]) => s === fixture.ids.kim.start && e === fixture.ids.kim.end)).toHaveLength(3);
  expect(summary.warning).toMatch(/spans repeat, possibly with conflicting labels/);
  expect(summary.layers.map((l) => l.layer)).toEqual(["annotator", "annotator", "gold"]);
});

test("the native backup names every annotation's author: an id the users table gives a name for", async () => {
  const file = JSON.parse(Buffer.from((await run({ format: "native" })).bytes).toString("utf8"));
  const users = new Map(file.users.map((u: { id: string; name: string }) => [u.id, u.name]));
  const authors = file.documents.flatMap((d: { annotations: { authorId: string; gold: boolean }[] }) => d.annotations.filter((a) => !a.gold).map((a) => users.get(a.authorId)));
  expect(new Set(authors)).toEqual(new Set([fixture.amina.name, fixture.bruno.name]));
});

test("the layers option is checked, and the replaced layer= is refused with a pointer to it", () => {
  expect(exportOptionsSchema.parse({ format: "csv" }).layers).toBe("annotators");
  expect(() => exportOptionsSchema.parse({ format: "csv", layers: "all" })).toThrow(/layers must be one of: annotators, gold, annotators-and-gold, mixed/);
  expect(() => exportOptionsSchema.parse({ format: "csv", layer: "all" })).toThrow(/layer was replaced by layers/);
});

test("layer file names: the name in a safe form; two people of one name, or someone called Gold, get the end of their id", async () => {
  const { layerFileNames } = await import("@/lib/server/export/export-project");
  const person = (id: string, name: string) => ({ gold: false as const, annotator: { id, name }, annotations: 1 });
  const names = layerFileNames([
    person("0190b6a0-0000-7000-8000-00000000aaaa", "Ana María"),
    person("0190b6a0-0000-7000-8000-00000000bbbb", "ana maría"),
    person("0190b6a0-0000-7000-8000-00000000cccc", "Gold"),
    person("0190b6a0-0000-7000-8000-00000000dddd", "../../etc"),
    person("0190b6a0-0000-7000-8000-00000000eeee", "金正恩"),
    { gold: true as const, annotations: 2 },
  ]).map((l) => l.file);
  expect(names).toEqual(["ana-maria", "ana-maria-0000bbbb", "gold-0000cccc", "etc", "annotator", "gold"]);
});

test("a member's native export gives email addresses only to those who may see them (curators, owners) and each person their own", async () => {
  const { exportProject } = await import("@/lib/server/export/export-project");
  const { projectAccessOf } = await import("@/lib/testing/access");
  const usersIn = async (userId: string) => {
    const result = await exportProject(fixture.project.id, exportOptionsSchema.parse({ format: "native" }), "https://wb.example", undefined, await projectAccessOf(userId, fixture.project.id));
    const chunks: Uint8Array[] = [];
    for await (const chunk of result.body) chunks.push(chunk);
    return new Map((JSON.parse(Buffer.concat(chunks).toString("utf8")).users as { id: string; email: string }[]).map((u) => [u.id, u.email]));
  };
  const byAmina = await usersIn(fixture.amina.id);
  expect(byAmina.get(fixture.amina.id)).toBe(fixture.amina.email);
  expect(byAmina.get(fixture.bruno.id)).toBe("");
  expect(byAmina.get(fixture.owner.id)).toBe("");
  const byOwner = await usersIn(fixture.owner.id);
  expect(byOwner.get(fixture.bruno.id)).toBe(fixture.bruno.email);
});
