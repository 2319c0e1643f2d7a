// Issue 13 §2 on a real PostgreSQL and the sample corpus: nested spans that annotators disagree on
// stay open after the agreed ones are merged, until a curator decides each of them.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, expect, test } from "vitest";
import { canonicalizeText } from "@/lib/anchoring/canonical-text";
import { OffsetMap } from "@/lib/anchoring/offsets";
import { uuidv7 } from "@/lib/ids";
import { loadCurationModules, type CurationModules } from "@/lib/testing/curation-modules";
import { documentAccessOf } from "@/lib/testing/access";

let db: CurationModules["db"];
let curation: CurationModules["curation"];
let create: CurationModules["create"];
let createProject: CurationModules["createProject"];

beforeAll(async () => {
  ({ db, curation, create, createProject } = await loadCurationModules());
});

const TEXT = canonicalizeText(fs.readFileSync(path.resolve(import.meta.dirname, "../../../prisma/seed/corpus/001_0911b02dd773d832.txt"), "utf8"));
const map = new OffsetMap(TEXT);
const SENTENCE = "Supreme Leader Kim Jong Un made an official goodwill visit to the Russian Federation";
/** Code-point span of `needle` inside the sentence (the name occurs earlier in the text too). */
const inSentence = (needle: string) => {
  const utf16 = TEXT.indexOf(SENTENCE) + SENTENCE.indexOf(needle);
  const start = map.toCodePoint(utf16);
  return { start, end: start + [...needle].length, exact: needle };
};

test("issue 13 reproduction: merging the agreed Person leaves both Meeting/Visit versions open until decided", async () => {
  expect(TEXT.startsWith("Historic DPRK-Russia milestone")).toBe(true);
  const [curator, one, two] = await Promise.all(["curator", "one", "two"].map((n) => db.user.create({ data: { email: `${n}@repro13.local`, name: n } })));
  const project = await createProject(curator.id, { name: "Repro 13", description: "" });
  await db.membership.createMany({ data: [one, two].map((u) => ({ projectId: project.id, userId: u.id, role: "ANNOTATOR" as const })) });
  const doc = await db.document.create({ data: { projectId: project.id, title: "Historic DPRK-Russia milestone", text: TEXT, contentHash: "repro13", length: map.codePointLength } });
  const labels = await db.label.findMany({ where: { projectId: project.id } });
  const label = (name: string) => labels.find((l) => l.name === name)!.id;
  const tag = async (user: { id: string }, needle: string, name: string) =>
    create(await documentAccessOf(user.id, doc.id), { id: uuidv7(), labelId: label(name), ...inSentence(needle), attributes: {}, note: "" });
  await tag(one, SENTENCE, "Meeting/Visit");
  await tag(one, "Kim Jong Un", "Person");
  await tag(two, "Kim Jong Un made an official goodwill visit", "Meeting/Visit");
  await tag(two, "Kim Jong Un", "Person");

  const access = await documentAccessOf(curator.id, doc.id);
  const undecided = (view: Awaited<ReturnType<typeof curation.curationView>>) =>
    view.clusters.flatMap((c) => c.candidates.filter((x) => x.status === "open" || x.status === "agreed").map((x) => ({ cluster: c.state, exact: x.exact, status: x.status })));

  let view = await curation.curationView(access);
  // The button offers exactly what the merge will put in gold.
  expect(view.mergeable).toBe(1);
  expect(await curation.mergeAgreed(access)).toEqual({ merged: 1 });

  view = await curation.curationView(access);
  expect(view.mergeable).toBe(0);
  expect(view.clusters).toHaveLength(1);
  expect(view.clusters[0].state).toBe("disagreement");
  expect(undecided(view)).toEqual([
    { cluster: "disagreement", exact: SENTENCE, status: "open" },
    { cluster: "disagreement", exact: "Kim Jong Un made an official goodwill visit", status: "open" },
  ]);

  // The curator takes annotator one's event; annotator two's is rejected; now it is settled.
  const [longer, shorter] = view.clusters[0].candidates.filter((c) => c.status === "open");
  await curation.adjudicate(access, { action: "take", key: longer.key, rejectOthers: [shorter.key] });
  view = await curation.curationView(access);
  expect(view.clusters[0].state).toBe("settled");
  expect(undecided(view)).toEqual([]);
  const gold = await db.annotation.findMany({ where: { documentId: doc.id, gold: true }, orderBy: { start: "asc" }, select: { exact: true, label: { select: { name: true } } } });
  expect(gold.map((g) => [g.label.name, g.exact])).toEqual([["Meeting/Visit", SENTENCE], ["Person", "Kim Jong Un"]]);
});
