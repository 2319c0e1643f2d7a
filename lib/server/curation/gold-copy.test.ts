// Gold copies on a real PostgreSQL keep what their sources agree on — attributes, the
// knowledge-base link, links to other annotations and relations, pointing at gold copies — even
// when the linked annotation reaches gold later; and a gold-only export carries all of it.
import { beforeAll, expect, test } from "vitest";
import { uuidv7 } from "@/lib/ids";
import { loadCurationModules, type CurationModules } from "@/lib/testing/curation-modules";
import { documentAccessOf } from "@/lib/testing/access";
import { exportToBytes } from "@/lib/testing/tricky-project";

let db: CurationModules["db"];
let curation: CurationModules["curation"];
let create: CurationModules["create"];
let createProject: CurationModules["createProject"];
let createRelation: typeof import("@/lib/server/relations/relations").createRelation;

beforeAll(async () => {
  ({ db, curation, create, createProject } = await loadCurationModules());
  ({ createRelation } = await import("@/lib/server/relations/relations"));
});

const TEXT = "Kim Jong Un met Vladimir Putin in Vladivostok on April 25, 2019. The talks were historic, KCNA said.";
const at = (needle: string) => ({ start: TEXT.indexOf(needle), end: TEXT.indexOf(needle) + needle.length, exact: needle });

test("gold keeps agreed attributes, links and relations, pointing at gold copies; a gold-only export has them all", async () => {
  const [curator, amina, bruno] = await Promise.all(["curator", "amina", "bruno"].map((n) => db.user.create({ data: { email: `${n}@goldcopy.local`, name: n } })));
  const project = await createProject(curator.id, { name: "Gold copies", description: "" });
  await db.membership.createMany({ data: [amina, bruno].map((u) => ({ projectId: project.id, userId: u.id, role: "ANNOTATOR" as const })) });
  const doc = await db.document.create({ data: { projectId: project.id, title: "t", text: TEXT, contentHash: "goldcopy", length: TEXT.length } });
  const labels = await db.label.findMany({ where: { projectId: project.id } });
  const label = (name: string) => labels.find((l) => l.name === name)!.id;
  const about = (await db.relationType.findFirstOrThrow({ where: { projectId: project.id, name: "about" } })).id;
  const kim = await db.canonicalItem.create({ data: { projectId: project.id, kind: "ENTITY", name: "Kim Jong Un" } });

  // Both annotators tag the same things; they differ only on the event's date.
  for (const [user, date] of [[amina, "2019-04-25"], [bruno, "2019-04"]] as const) {
    const access = await documentAccessOf(user.id, doc.id);
    const tag = async (needle: string, name: string, attributes: Record<string, unknown> = {}) =>
      (await create(access, { id: uuidv7(), labelId: label(name), ...at(needle), attributes, note: "" })).annotation.id;
    const person = await tag("Kim Jong Un", "Person");
    await db.annotation.update({ where: { id: person }, data: { canonicalId: kim.id } });
    const putin = await tag("Vladimir Putin", "Person");
    const place = await tag("Vladivostok", "Location");
    const kcna = await tag("KCNA", "Organization");
    const meeting = await tag("Kim Jong Un met Vladimir Putin", "Meeting/Visit", { date, participantIds: [person, putin], locationId: place });
    const claim = await tag("The talks were historic", "Claim", { claimantId: kcna, stance: "supportive" });
    await createRelation(access, { id: uuidv7(), typeId: about, fromId: claim, toId: meeting });
  }

  const access = await documentAccessOf(curator.id, doc.id);
  // The claim first, while its claimant and the event it is about are not in gold yet …
  const claimKey = (await curation.curationView(access)).clusters.flatMap((c) => c.candidates).find((c) => c.exact === "The talks were historic")!.key;
  await curation.adjudicate(access, { action: "take", key: claimKey, rejectOthers: [] });
  // … then everything else; the links follow as their second end arrives.
  expect(await curation.mergeAgreed(access)).toEqual({ merged: 5 });

  const gold = await db.annotation.findMany({ where: { documentId: doc.id, gold: true }, select: { id: true, exact: true, attributes: true, canonicalId: true } });
  const goldId = (exact: string) => gold.find((g) => g.exact === exact)!.id;
  const attrs = (exact: string) => gold.find((g) => g.exact === exact)!.attributes as Record<string, unknown>;
  expect(gold).toHaveLength(6);
  expect(attrs("The talks were historic")).toEqual({ claimantId: goldId("KCNA"), stance: "supportive" });
  // The date they disagree on is left out; participants and place point at gold copies.
  expect(attrs("Kim Jong Un met Vladimir Putin")).toEqual({ participantIds: [goldId("Kim Jong Un"), goldId("Vladimir Putin")], locationId: goldId("Vladivostok") });
  expect(gold.find((g) => g.exact === "Kim Jong Un")!.canonicalId).toBe(kim.id);
  const relations = await db.relation.findMany({ where: { documentId: doc.id, deletedAt: null, from: { gold: true } }, select: { typeId: true, fromId: true, toId: true, to: { select: { gold: true } } } });
  expect(relations).toEqual([{ typeId: about, fromId: goldId("The talks were historic"), toId: goldId("Kim Jong Un met Vladimir Putin"), to: { gold: true } }]);

  // A gold-only export carries the gold layer whole, and its summary says so.
  const w3c = await exportToBytes(project.id, { format: "w3c", layers: "gold" });
  const items = JSON.parse(Buffer.from(w3c.bytes).toString("utf8")).first.items as { id: string; motivation: string; body: { purpose: string; source?: string }[]; "wb:attributes"?: Record<string, unknown> }[];
  const byExact = (exact: string) => items.find((i) => i.id.endsWith(goldId(exact)))!;
  // Relations: the typed "about" plus the attribute links (claimant, two participants, location).
  expect(w3c.summary).toMatchObject({ documents: 1, annotations: 6, relations: 5 });
  expect(byExact("The talks were historic")["wb:attributes"]).toEqual({ claimantId: goldId("KCNA"), stance: "supportive" });
  expect(byExact("Kim Jong Un").body.find((b) => b.purpose === "identifying")?.source).toMatch(new RegExp(`/knowledge/${kim.id}$`));
  const rich = await exportToBytes(project.id, { format: "jsonl-rich", layers: "gold" });
  expect(rich.summary).toMatchObject({ annotations: 6, relations: 5, relationsDropped: 0 });
  const line = JSON.parse(Buffer.from(rich.bytes).toString("utf8").trim()) as { relations: { type: string }[] };
  expect(line.relations.map((r) => r.type).sort()).toEqual(["about", "claimant", "location", "participant", "participant"]);
});
