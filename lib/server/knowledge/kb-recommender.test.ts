// The knowledge base as one recommender among the others, on a real PostgreSQL, in a project where
// annotators work blind (the default): each person's accept or reject of a suggestion is theirs
// alone, the label it is offered with comes from what that person may see, and its accepts and
// rejects are counted per label like every recommender's; it is switched on and off, limited to
// labels and run like the others.
import { beforeAll, expect, test } from "vitest";
import { useTestDatabase } from "@/lib/testing/test-database";
import { asUser, documentAccessOf, projectAccessOf } from "@/lib/testing/access";
import { uuidv7 } from "@/lib/ids";

let db: typeof import("@/lib/db").db;
let suggestMentions: typeof import("@/lib/server/knowledge/suggest-mentions").suggestMentions;
let listSuggestions: typeof import("@/lib/server/knowledge/list-document-suggestions").listDocumentSuggestions;
let decide: typeof import("@/lib/server/knowledge/decide-suggestion").decideSuggestion;
let figuresOf: typeof import("@/lib/server/recommenders/recommender-figures").recommenderFigures;
let save: typeof import("@/lib/server/recommenders/save-recommender");

beforeAll(async () => {
  await useTestDatabase();
  process.env.AUTH_SECRET ??= "kb-recommender-test-secret";
  ({ db } = await import("@/lib/db"));
  ({ suggestMentions } = await import("@/lib/server/knowledge/suggest-mentions"));
  ({ listDocumentSuggestions: listSuggestions } = await import("@/lib/server/knowledge/list-document-suggestions"));
  ({ decideSuggestion: decide } = await import("@/lib/server/knowledge/decide-suggestion"));
  ({ recommenderFigures: figuresOf } = await import("@/lib/server/recommenders/recommender-figures"));
  save = await import("@/lib/server/recommenders/save-recommender");
});

const TEXTS = ["Kim Jong Un met Putin.", "Later Kim Jong Un spoke; Kim Jong Un again."];
const cp = (text: string, needle: string, from = 0) => [...text.slice(0, text.indexOf(needle, from))].length;

let n = 0;
/** A blind project (annotators see only their own work) with two documents naming Kim Jong Un; `item`: the knowledge base knows him before the scan. */
async function setup({ item = true } = {}) {
  const suffix = `kbr${++n}-${Date.now()}`;
  const { createProject } = await import("@/lib/server/projects/create-project");
  const { importDocuments } = await import("@/lib/server/documents/import-documents");
  const [owner, amina, bruno] = await Promise.all(["owner", "amina", "bruno"].map((name) => db.user.create({ data: { email: `${name}-${suffix}@kbr.test`, name } })));
  const project = await createProject(owner.id, { name: `KB ${suffix}`, description: "", annotatorsSee: "OWN", annotatorsSeeGold: false, viewersSee: "GOLD" });
  await db.membership.createMany({ data: [amina, bruno].map((u) => ({ projectId: project.id, userId: u.id, role: "ANNOTATOR" as const })) });
  const ownerProject = await projectAccessOf(owner.id, project.id);
  const imported = await importDocuments(ownerProject, TEXTS.map((text, i) => ({ name: `d${i}.txt`, fileName: `d${i}.txt`, text, meta: { title: `D${i}` } })), { trim: false, dryRun: false });
  const [first, second] = imported.report.map((r) => r.documentId!);
  const labels = await db.label.findMany({ where: { projectId: project.id } });
  const label = (name: string) => labels.find((l) => l.name === name)!.id;
  const makeKim = async () => {
    const { createCanonicalItem } = await import("@/lib/server/knowledge/create-canonical-item");
    return createCanonicalItem(ownerProject, { kind: "ENTITY", name: "Kim Jong Un", aliases: [], description: "" });
  };
  const kim = item ? await makeKim() : null;
  if (kim) await suggestMentions(ownerProject);
  /** A person's own annotation of the first "Kim Jong Un" in a document, linked to the item when given. */
  const tagKim = async (userId: string, documentId: string, text: string, labelId: string, linkTo?: string) => {
    const { createAnnotation } = await import("@/lib/server/annotations/create-annotation");
    const { annotation } = await createAnnotation(await documentAccessOf(userId, documentId), { id: uuidv7(), labelId, start: cp(text, "Kim Jong Un"), end: cp(text, "Kim Jong Un") + 11, exact: "Kim Jong Un", attributes: {}, note: "" });
    if (linkTo) {
      const { linkAnnotationToCanonical } = await import("@/lib/server/knowledge/link-annotation");
      await linkAnnotationToCanonical(asUser(userId), annotation.id, linkTo);
    }
    return annotation;
  };
  const offered = async (userId: string, documentId: string) => listSuggestions(await documentAccessOf(userId, documentId));
  return { project, owner, amina, bruno, ownerProject, first, second, label, kim, makeKim, tagKim, offered };
}

test("two annotators working blind: one's reject hides a suggestion from them only, one's accept makes their annotation and leaves the other's offer alone", async () => {
  const { owner, amina, bruno, second, offered } = await setup();
  const [one, two] = await offered(amina.id, second);
  expect([one.start, two.start]).toEqual([cp(TEXTS[1], "Kim Jong Un"), cp(TEXTS[1], "Kim Jong Un", 10)]);

  expect(await decide(asUser(amina.id), one.id, { decision: "reject" })).toMatchObject({ suggestion: { status: "REJECTED", decidedById: amina.id }, annotation: null });
  expect((await offered(amina.id, second)).map((s) => s.id)).toEqual([two.id]);
  expect((await offered(bruno.id, second)).map((s) => s.id)).toEqual([one.id, two.id]);

  const aminas = await decide(asUser(amina.id), two.id, { decision: "accept" });
  expect(aminas.annotation).toMatchObject({ authorId: amina.id, start: two.start, end: two.end });
  expect(await offered(amina.id, second)).toEqual([]);
  expect((await offered(bruno.id, second)).map((s) => s.id)).toEqual([one.id, two.id]);
  // Bruno accepts the same suggestion: his own annotation, not a conflict with Amina's.
  const brunos = await decide(asUser(bruno.id), two.id, { decision: "accept" });
  expect(brunos.annotation).toMatchObject({ authorId: bruno.id, start: two.start, end: two.end });
  expect(brunos.annotation!.id).not.toBe(aminas.annotation!.id);

  // Deciding again is a conflict — for the one who decided.
  await expect(decide(asUser(amina.id), one.id, { decision: "accept" })).rejects.toMatchObject({ status: 409, message: expect.stringContaining("already rejected") });
  await expect(decide(asUser(bruno.id), two.id, { decision: "reject" })).rejects.toMatchObject({ status: 409 });
  // The owner sees everyone's work: the accepted span is annotated and linked, so not offered; Amina's reject is hers.
  expect((await offered(owner.id, second)).map((s) => s.id)).toEqual([one.id]);
});

test("the label a suggestion is offered with comes only from what the person may see", async () => {
  const { amina, bruno, first, second, label, kim, tagKim, offered } = await setup();
  // Amina, alone, calls Kim "Other entity" and links it.
  await tagKim(amina.id, first, TEXTS[0], label("Other entity"), kim!.id);
  expect((await offered(amina.id, second)).map((s) => s.label.name)).toEqual(["Other entity", "Other entity"]);
  // Bruno cannot see her annotation, so her label choice is not his suggestion: the first entity label.
  expect((await offered(bruno.id, second)).map((s) => s.label.name)).toEqual(["Person", "Person"]);
  const [one] = await offered(bruno.id, second);
  expect((await decide(asUser(bruno.id), one.id, { decision: "accept" })).annotation).toMatchObject({ labelId: label("Person"), canonicalId: kim!.id });
});

test("figures count the knowledge base's accepts and rejects per label, like every recommender's — everyone's for the owner, their own for an annotator", async () => {
  const { owner, amina, bruno, first, second, ownerProject, label, offered, project } = await setup();
  const [one, two] = await offered(amina.id, second);
  await decide(asUser(amina.id), one.id, { decision: "accept", labelId: label("Person") });
  await decide(asUser(amina.id), two.id, { decision: "reject" });
  const [onFirst] = await offered(bruno.id, first);
  await decide(asUser(bruno.id), onFirst.id, { decision: "reject" });

  const kbRows = async (userId: string) =>
    (await figuresOf(await projectAccessOf(userId, project.id))).rows.filter((r) => r.kind === "KNOWLEDGE_BASE").map((r) => [r.recommender, r.label, r.proposals, r.accepted, r.rejected, r.precision]);
  // Three suggestions stored (one in the first document, two in the second).
  expect(await kbRows(owner.id)).toEqual([["Knowledge base", "Person", 3, 1, 2, 1 / 3]]);
  expect(await kbRows(amina.id)).toEqual([["Knowledge base", "Person", 3, 1, 1, 0.5]]);
  expect(await kbRows(bruno.id)).toEqual([["Knowledge base", "Person", 3, 0, 1, 0]]);
  // The settings page's card of the knowledge base carries them too.
  const card = (await save.listRecommenders(ownerProject)).find((r) => r.kind === "KNOWLEDGE_BASE")!;
  expect(card).toMatchObject({ name: "Knowledge base", enabled: true, stats: [{ proposals: 3, accepted: 1, rejected: 2 }] });
});

test("a rejected suggestion does not come back as the string matcher's proposal of the same span and label", async () => {
  const { amina, first, second, label, tagKim, offered } = await setup();
  const { listDocumentProposals } = await import("@/lib/server/recommenders/list-document-proposals");
  // Amina tags Kim as a Person (unlinked): the string matcher proposes his other mentions to her.
  await tagKim(amina.id, first, TEXTS[0], label("Person"));
  const proposed = async () => (await listDocumentProposals(await documentAccessOf(amina.id, second))).map((p) => [p.labelId, p.start]);
  const [one, two] = await offered(amina.id, second);
  expect(await proposed()).toEqual([[label("Person"), one.start], [label("Person"), two.start]]);
  await decide(asUser(amina.id), one.id, { decision: "reject" });
  expect(await proposed()).toEqual([[label("Person"), two.start]]);
});

test("a mention one annotator linked before the scan is still suggested to another who works blind", async () => {
  const { amina, bruno, first, ownerProject, label, makeKim, tagKim, offered } = await setup({ item: false });
  const kim = await makeKim();
  await tagKim(amina.id, first, TEXTS[0], label("Person"), kim.id);
  await suggestMentions(ownerProject);
  expect((await offered(bruno.id, first)).map((s) => s.exact)).toEqual(["Kim Jong Un"]);
  // Amina sees her own linked mention there: nothing left to suggest to her.
  expect(await offered(amina.id, first)).toEqual([]);
});

test("the knowledge base is configured like a recommender: off, limited to labels, run; never removed and without server or key", async () => {
  const { owner, amina, first, second, ownerProject, label, offered, project } = await setup();
  const kb = (await save.listRecommenders(ownerProject)).find((r) => r.kind === "KNOWLEDGE_BASE")!;
  const [one] = await offered(amina.id, second);

  await save.updateRecommender(ownerProject, kb.id, { enabled: false });
  expect(await offered(amina.id, second)).toEqual([]);
  await expect(decide(asUser(amina.id), one.id, { decision: "accept" })).rejects.toMatchObject({ status: 404 });

  await save.updateRecommender(ownerProject, kb.id, { enabled: true, labelIds: [label("Location")] });
  expect(await offered(amina.id, second)).toEqual([]);
  await save.updateRecommender(ownerProject, kb.id, { labelIds: [label("Person"), label("Location")] });
  expect(await offered(amina.id, second)).toHaveLength(2);

  await expect(save.deleteRecommender(ownerProject, kb.id)).rejects.toMatchObject({ status: 400 });
  await expect(save.updateRecommender(ownerProject, kb.id, { url: "http://127.0.0.1:1/" })).rejects.toMatchObject({ status: 400 });
  await expect(save.updateRecommender(ownerProject, kb.id, { mapping: { people: null } })).rejects.toMatchObject({ status: 400 });
  await expect(save.updateRecommender(await projectAccessOf(amina.id, project.id), kb.id, { enabled: false })).rejects.toMatchObject({ status: 403 });

  // Its run is the scan for names: a new alias finds one more mention, reported like any run.
  const { runRecommender } = await import("@/lib/server/recommenders/run-recommender");
  await db.canonicalItem.updateMany({ where: { projectId: project.id }, data: { aliases: ["Putin"] } });
  const report = await runRecommender(ownerProject, kb.id, {});
  expect(report).toEqual({ ok: true, documents: 2, proposals: 1, dropped: [] });
  expect((await offered(owner.id, first)).map((s) => s.exact)).toEqual(["Kim Jong Un", "Putin"]);
  expect((await save.listRecommenders(ownerProject)).find((r) => r.id === kb.id)!.lastRun).toEqual(report);
});

test("workbench-format files carry each person's decisions, a member working blind gets only their own, and an older file's one decision is read as its maker's", async () => {
  const { amina, bruno, second, offered, project } = await setup();
  const [one] = await offered(amina.id, second);
  await decide(asUser(amina.id), one.id, { decision: "reject" });
  const { readNativeDocuments } = await import("@/lib/server/export/read-native");
  const decisionsIn = async (reader?: Awaited<ReturnType<typeof projectAccessOf>>) => {
    const found: { userId: string; verdict: string }[] = [];
    for await (const d of readNativeDocuments(project.id, reader)) found.push(...(d.suggestions ?? []).flatMap((s) => s.decisions ?? []));
    return found;
  };
  expect(await decisionsIn()).toMatchObject([{ userId: amina.id, verdict: "REJECTED" }]);
  expect(await decisionsIn(await projectAccessOf(amina.id, project.id))).toMatchObject([{ userId: amina.id }]);
  expect(await decisionsIn(await projectAccessOf(bruno.id, project.id))).toEqual([]);

  const { nativeDocumentSchema } = await import("@/lib/formats/native");
  const older = { id: uuidv7(), canonicalId: uuidv7(), start: 0, end: 3, exact: "Kim", createdAt: "2026-01-01T00:00:00Z" };
  const [accepted, open] = nativeDocumentSchema.shape.suggestions.parse([
    { ...older, status: "ACCEPTED", decidedById: amina.id, annotationId: null },
    { ...older, id: uuidv7(), status: "OPEN", decidedById: null, annotationId: null },
  ]);
  expect(accepted.decisions).toMatchObject([{ userId: amina.id, verdict: "ACCEPTED", labelId: null, annotationId: null }]);
  expect(open.decisions).toEqual([]);
});

test("merging two items keeps each person's decisions on the suggestions that stay", async () => {
  const { amina, bruno, second, ownerProject, kim, makeKim, offered } = await setup();
  // A twin of the same name: suggested at the same two spans.
  const twin = await makeKim();
  await suggestMentions(ownerProject);
  const before = await offered(amina.id, second);
  expect(before).toHaveLength(4);
  const first = cp(TEXTS[1], "Kim Jong Un");
  await decide(asUser(amina.id), before.find((s) => s.canonicalId === twin.id && s.start === first)!.id, { decision: "reject" });

  const { mergeCanonicalItems } = await import("@/lib/server/knowledge/merge-canonical-items");
  await mergeCanonicalItems(ownerProject, kim!.id, [twin.id]);
  expect((await offered(amina.id, second)).map((s) => s.start)).toEqual([cp(TEXTS[1], "Kim Jong Un", 10)]);
  expect(await offered(bruno.id, second)).toHaveLength(2);
});
