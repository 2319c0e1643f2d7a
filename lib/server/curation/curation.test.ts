// Curation on a real PostgreSQL: automatic merge at the threshold, adjudication, and re-running
// the merge after more annotations arrive without undoing any decision.
import { beforeAll, expect, test } from "vitest";
import { uuidv7 } from "@/lib/ids";
import { loadCurationModules, type CurationModules } from "@/lib/testing/curation-modules";
import { documentAccessOf, ownerDocumentAccessOf } from "@/lib/testing/access";

let db: CurationModules["db"];
let curation: CurationModules["curation"];
let create: CurationModules["create"];
let createProject: CurationModules["createProject"];

beforeAll(async () => {
  ({ db, curation, create, createProject } = await loadCurationModules());
});

const TEXT = "Kim Jong Un met Vladimir Putin in Vladivostok.";
const at = (needle: string) => ({ start: TEXT.indexOf(needle), end: TEXT.indexOf(needle) + needle.length, exact: needle });

test("agreed spans merge, disagreements wait for a decision, and merging again undoes nothing", async () => {
  const [curator, amina, bruno, chen] = await Promise.all(["curator", "amina", "bruno", "chen"].map((n) => db.user.create({ data: { email: `${n}@g.local`, name: n } })));
  const project = await createProject(curator.id, { name: "Gold", description: "" });
  await db.membership.createMany({ data: [amina, bruno, chen].map((u) => ({ projectId: project.id, userId: u.id, role: "ANNOTATOR" as const })) });
  const doc = await db.document.create({ data: { projectId: project.id, title: "t", text: TEXT, contentHash: "g1", length: TEXT.length } });
  const labels = await db.label.findMany({ where: { projectId: project.id } });
  const label = (name: string) => labels.find((l) => l.name === name)!.id;
  const access = await documentAccessOf(curator.id, doc.id);
  const tag = async (user: { id: string }, needle: string, name: string) =>
    create(await documentAccessOf(user.id, doc.id), { id: uuidv7(), labelId: label(name), ...at(needle), attributes: {}, note: "" });

  await tag(amina, "Kim Jong Un", "Person");
  await tag(bruno, "Kim Jong Un", "Person");
  await tag(amina, "Vladivostok", "Location");
  await tag(bruno, "Vladivostok", "Organization");
  // Both annotators' "Kim Jong Un" refer to the same knowledge-base entity.
  const kim = await db.canonicalItem.create({ data: { projectId: project.id, kind: "ENTITY", name: "Kim Jong Un" } });
  await db.annotation.updateMany({ where: { documentId: doc.id, exact: "Kim Jong Un" }, data: { canonicalId: kim.id } });

  let view = await curation.curationView(access);
  expect(view.threshold).toBe(2);
  expect(view.clusters.map((c) => c.state)).toEqual(["consensus", "disagreement"]);
  expect(await curation.mergeAgreed(access)).toEqual({ merged: 1 });
  expect(await curation.mergeAgreed(access)).toEqual({ merged: 0 });

  // The curator takes Amina's version of the disagreement; Bruno's is rejected.
  view = await curation.curationView(access);
  const [location, organization] = view.clusters[1].candidates;
  await curation.adjudicate(access, { action: "take", key: location.key, rejectOthers: [organization.key] });
  view = await curation.curationView(access);
  expect(view.clusters.map((c) => c.state)).toEqual(["settled", "settled"]);
  expect(view.goldCount).toBe(2);

  // Chen now agrees with Bruno: the rejected version reaches the threshold but stays rejected;
  // and a curator-rejected agreed span is not resurrected by merging.
  await tag(chen, "Vladivostok", "Organization");
  await tag(chen, "Vladimir Putin", "Person");
  await tag(amina, "Vladimir Putin", "Person");
  view = await curation.curationView(access);
  const putin = view.clusters.find((c) => c.candidates.some((x) => x.exact === "Vladimir Putin"))!;
  await curation.adjudicate(access, { action: "reject", keys: [putin.candidates[0].key] });
  expect(await curation.mergeAgreed(access)).toEqual({ merged: 0 });
  const gold = await db.annotation.findMany({ where: { documentId: doc.id, gold: true }, orderBy: { start: "asc" }, include: { label: true } });
  // The merged gold annotation refers to the entity its sources agree on; the taken one to none.
  expect(gold.map((g) => g.canonicalId)).toEqual([kim.id, null]);
  expect(gold.map((g) => [g.exact, g.label.name, g.authorId, g.goldSources.length])).toEqual([
    ["Kim Jong Un", "Person", curator.id, 2],
    ["Vladivostok", "Location", curator.id, 1],
  ]);

  // An edited version: the curator's own span and label.
  await tag(amina, "met", "Meeting/Visit");
  view = await curation.curationView(access);
  const met = view.clusters.find((c) => c.candidates.some((x) => x.exact === "met"))!;
  const edited = await curation.adjudicate(access, { action: "edit", ...at("Kim Jong Un met Vladimir Putin"), labelId: label("Meeting/Visit"), rejectOthers: [met.candidates[0].key] });
  expect(edited.gold).toMatchObject({ exact: "Kim Jong Un met Vladimir Putin", gold: true });
  await expect(curation.adjudicate(access, { action: "edit", start: 0, end: 3, exact: "Xim", labelId: label("Person"), rejectOthers: [] })).rejects.toMatchObject({ status: 422 });

  // Every adjudication is in the history of the annotators' annotations it concerns.
  const decisions = await db.annotationHistory.findMany({
    where: { action: "ADJUDICATE", annotation: { documentId: doc.id } },
    select: { after: true, annotation: { select: { exact: true, authorId: true } } },
  });
  const seen = decisions.map((d) => [d.annotation.exact, (d.after as { decision: string }).decision, d.annotation.authorId === amina.id ? "amina" : d.annotation.authorId === bruno.id ? "bruno" : "chen"]);
  expect(seen).toEqual(expect.arrayContaining([
    ["Kim Jong Un", "MERGED", "amina"], ["Kim Jong Un", "MERGED", "bruno"],
    ["Vladivostok", "TAKEN", "amina"], ["Vladivostok", "REJECTED", "bruno"],
    ["Vladimir Putin", "REJECTED", "amina"], ["met", "REJECTED", "amina"],
  ]));
  const takenEntry = decisions.find((d) => (d.after as { decision: string }).decision === "TAKEN")!;
  expect((takenEntry.after as { goldAnnotationId: string }).goldAnnotationId).toBe(gold[1].id);

  // The gold layer is not an annotator: it does not enter agreement figures.
  const { singleDocumentAgreement } = await import("@/lib/server/agreement/project-agreement");
  const figures = (await singleDocumentAgreement(await ownerDocumentAccessOf(doc.id))).figures;
  expect(figures.annotators).not.toContain(curator.id);
});
