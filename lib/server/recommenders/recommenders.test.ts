// Recommenders on a real PostgreSQL: the string matcher proposes what a person tagged elsewhere,
// learns only from what that person may see, and every accept/reject is that person's alone.
import { beforeAll, expect, test } from "vitest";
import { useTestDatabase } from "@/lib/testing/test-database";
import { documentAccessOf, projectAccessOf } from "@/lib/testing/access";
import { uuidv7 } from "@/lib/ids";

let db: typeof import("@/lib/db").db;
let createAnnotation: typeof import("@/lib/server/annotations/create-annotation").createAnnotation;
let list: typeof import("@/lib/server/recommenders/list-document-proposals").listDocumentProposals;
let decide: typeof import("@/lib/server/recommenders/decide-proposal").decideProposal;
let save: typeof import("@/lib/server/recommenders/save-recommender");

beforeAll(async () => {
  await useTestDatabase();
  process.env.AUTH_SECRET ??= "recommenders-test-secret";
  ({ db } = await import("@/lib/db"));
  ({ createAnnotation } = await import("@/lib/server/annotations/create-annotation"));
  ({ listDocumentProposals: list } = await import("@/lib/server/recommenders/list-document-proposals"));
  ({ decideProposal: decide } = await import("@/lib/server/recommenders/decide-proposal"));
  save = await import("@/lib/server/recommenders/save-recommender");
});

const TEXTS = ["🇰🇵 Kim Jong Un met Putin in Vladivostok.", "Later Kim Jong Un spoke; KIM JONG-UN again, and Kim Jong Un once more.", "金正恩 visited Moscow."];
const cp = (text: string, needle: string, from = 0) => [...text.slice(0, text.indexOf(needle, from))].length;

let n = 0;
async function setup() {
  const suffix = `rec${++n}-${Date.now()}`;
  const { createProject } = await import("@/lib/server/projects/create-project");
  const { importDocuments } = await import("@/lib/server/documents/import-documents");
  const [owner, amina, bruno, viewer] = await Promise.all(
    ["owner", "amina", "bruno", "viewer"].map((name) => db.user.create({ data: { email: `${name}-${suffix}@rec.test`, name } })),
  );
  // Independent annotation, the default: annotators see only their own work.
  const project = await createProject(owner.id, { name: `Rec ${suffix}`, description: "", annotatorsSee: "OWN", annotatorsSeeGold: false, viewersSee: "GOLD" });
  await db.membership.createMany({
    data: [
      { projectId: project.id, userId: amina.id, role: "ANNOTATOR" as const },
      { projectId: project.id, userId: bruno.id, role: "ANNOTATOR" as const },
      { projectId: project.id, userId: viewer.id, role: "VIEWER" as const },
    ],
  });
  const imported = await importDocuments(
    await projectAccessOf(owner.id, project.id),
    TEXTS.map((text, i) => ({ name: `d${i}.txt`, fileName: `d${i}.txt`, text, meta: { title: `D${i}` } })),
    { trim: false, dryRun: false },
  );
  const [first, second, third] = imported.report.map((r) => r.documentId!);
  const labels = await db.label.findMany({ where: { projectId: project.id } });
  const person = labels.find((l) => l.name === "Person")!.id;
  const location = labels.find((l) => l.name === "Location")!.id;
  const tag = async (userId: string, documentId: string, text: string, needle: string, labelId = person) =>
    (await createAnnotation(await documentAccessOf(userId, documentId), { id: uuidv7(), labelId, start: cp(text, needle), end: cp(text, needle) + [...needle].length, exact: needle, attributes: {}, note: "" })).annotation;
  return { project, owner, amina, bruno, viewer, first, second, third, person, location, tag };
}

test("tagging “Kim Jong Un” once proposes its other mentions across the corpus, to that annotator only, in code points", async () => {
  const { amina, bruno, viewer, owner, first, second, person, tag } = await setup();
  await tag(amina.id, first, TEXTS[0], "Kim Jong Un");
  const inFirst = await list(await documentAccessOf(amina.id, first));
  expect(inFirst).toEqual([]); // the only mention there is her annotation
  const inSecond = await list(await documentAccessOf(amina.id, second));
  expect(inSecond.map((p) => [p.exact, p.start, p.labelId, p.score, p.kind])).toEqual([
    ["Kim Jong Un", cp(TEXTS[1], "Kim Jong Un"), person, 1, "STRING_MATCHER"],
    ["KIM JONG-UN", cp(TEXTS[1], "KIM JONG-UN"), person, 1, "STRING_MATCHER"],
    ["Kim Jong Un", cp(TEXTS[1], "Kim Jong Un", 30), person, 1, "STRING_MATCHER"],
  ]);
  // Blind annotation: Bruno may not see Amina's work, so nothing of it is proposed to him.
  expect(await list(await documentAccessOf(bruno.id, second))).toEqual([]);
  // Viewers do not annotate; nothing is proposed to them.
  expect(await list(await documentAccessOf(viewer.id, second))).toEqual([]);
  // A proposal is nobody's annotation: none was written.
  expect(await db.annotation.count({ where: { documentId: second } })).toBe(0);
  // The owner sees everyone's work, so the matcher learns from Amina's tag for the owner.
  expect(await list(await documentAccessOf(owner.id, second))).toHaveLength(3);
});

test("an accept makes the accepting annotator's own annotation and a reject is remembered — for them only; the score follows", async () => {
  const { owner, project, amina, bruno, viewer, first, second, person, tag } = await setup();
  await tag(amina.id, first, TEXTS[0], "Kim Jong Un");
  await tag(bruno.id, first, TEXTS[0], "Kim Jong Un");
  const aminaAccess = await documentAccessOf(amina.id, second);
  const [one, two, three] = await list(aminaAccess);
  const key = (p: typeof one) => ({ labelId: p.labelId, start: p.start, end: p.end });

  const accepted = await decide(aminaAccess, { decision: "accept", ...key(one) });
  expect(accepted.verdict).toBe("ACCEPTED");
  expect(accepted.annotation).toMatchObject({ authorId: amina.id, labelId: person, start: one.start, end: one.end, exact: "Kim Jong Un" });
  await expect(decide(aminaAccess, { decision: "accept", ...key(one) })).rejects.toMatchObject({ status: 409 });
  await decide(aminaAccess, { decision: "reject", ...key(two) });
  await expect(decide(aminaAccess, { decision: "reject", ...key(two) })).rejects.toMatchObject({ status: 409 });

  // Amina: the accepted one is her annotation now, the rejected one gone; the last one's score is 2 yes of 3.
  const left = await list(aminaAccess);
  expect(left.map((p) => [p.start, p.score])).toEqual([[three.start, 2 / 3]]);
  // Bruno still gets all three: her decisions are hers.
  const brunoAccess = await documentAccessOf(bruno.id, second);
  expect((await list(brunoAccess)).map((p) => [p.start, p.score])).toEqual([one, two, three].map((p) => [p.start, 1]));
  // And what was recorded says who, which recommender and what score.
  const decisions = await db.proposalDecision.findMany({ where: { documentId: second }, orderBy: { createdAt: "asc" } });
  expect(decisions.map((d) => [d.userId, d.verdict, d.recommenderId, d.score, d.annotationId])).toEqual([
    [amina.id, "ACCEPTED", one.recommenderId, 1, accepted.annotation!.id],
    [amina.id, "REJECTED", one.recommenderId, 1, null],
  ]);

  // The settings page's numbers: per recommender and label, everyone's decisions.
  const [matcher] = await save.listRecommenders(await projectAccessOf(owner.id, project.id));
  expect(matcher.stats).toEqual([{ labelId: person, proposals: null, accepted: 1, rejected: 1, precision: 0.5 }]);

  await expect(decide(await documentAccessOf(viewer.id, second), { decision: "accept", ...key(three) })).rejects.toMatchObject({ status: 403 });
  await expect(decide(brunoAccess, { decision: "accept", ...key(three), start: three.start + 1 })).rejects.toMatchObject({ status: 404 });
});

test("owners and curators set the minimum score and labels; annotators may not; a model server's key is never given back", async () => {
  const { owner, amina, project, first, second, location, tag } = await setup();
  await tag(amina.id, first, TEXTS[0], "Kim Jong Un");
  const ownerProject = await projectAccessOf(owner.id, project.id);
  const [matcher] = await save.listRecommenders(ownerProject);
  expect(matcher).toMatchObject({ kind: "STRING_MATCHER", enabled: true, minScore: 0, labelIds: [] });
  await expect(save.listRecommenders(await projectAccessOf(amina.id, project.id))).rejects.toMatchObject({ status: 403 });
  await expect(save.updateRecommender(await projectAccessOf(amina.id, project.id), matcher.id, { minScore: 0.9 })).rejects.toMatchObject({ status: 403 });

  const access = await documentAccessOf(amina.id, second);
  const [p] = await list(access);
  await decide(access, { decision: "reject", labelId: p.labelId, start: p.start, end: p.end });
  expect((await list(access)).map((x) => x.score)).toEqual([0.5, 0.5]);
  await save.updateRecommender(ownerProject, matcher.id, { minScore: 0.6 });
  expect(await list(access)).toEqual([]);
  await save.updateRecommender(ownerProject, matcher.id, { minScore: 0, labelIds: [location] });
  expect(await list(access)).toEqual([]);
  await save.updateRecommender(ownerProject, matcher.id, { labelIds: [], enabled: false });
  expect(await list(access)).toEqual([]);
  await expect(save.updateRecommender(ownerProject, matcher.id, { labelIds: [uuidv7()] })).rejects.toMatchObject({ status: 400 });
  await expect(save.deleteRecommender(ownerProject, matcher.id)).rejects.toMatchObject({ status: 400 });

  const server = await save.createRecommender(ownerProject, {
    kind: "OPENAI", name: "LLM", url: "http://127.0.0.1:9/v1", apiKey: "sk-very-secret", enabled: true, trigger: "ON_DEMAND", labelIds: [], minScore: 0,
  });
  expect(server.hasApiKey).toBe(true);
  expect(JSON.stringify(await save.listRecommenders(ownerProject))).not.toContain("sk-very-secret");
  const stored = await db.recommender.findUniqueOrThrow({ where: { id: server.id } });
  expect(stored.keyCiphertext).not.toContain("sk-very-secret");
  const { openSecret } = await import("@/lib/server/recommenders/secret-box");
  expect(openSecret(stored.keyCiphertext!)).toBe("sk-very-secret");
  await expect(save.createRecommender(ownerProject, { kind: "OPENAI", name: "LLM", url: "http://127.0.0.1:9/v1", enabled: true, trigger: "ON_DEMAND", labelIds: [], minScore: 0 })).rejects.toMatchObject({ status: 409 });
});

test("names the knowledge base treats as the same entity are proposed too, once a mention is linked to it", async () => {
  const { project, amina, bruno, first, third, person, tag } = await setup();
  const kim = await tag(amina.id, first, TEXTS[0], "Kim Jong Un");
  expect(await list(await documentAccessOf(amina.id, third))).toEqual([]);
  const { createCanonicalItem } = await import("@/lib/server/knowledge/create-canonical-item");
  const { linkAnnotationToCanonical } = await import("@/lib/server/knowledge/link-annotation");
  const item = await createCanonicalItem(await projectAccessOf(amina.id, project.id), { kind: "ENTITY", name: "Kim Jong Un", aliases: ["金正恩"], description: "" });
  await linkAnnotationToCanonical({ userId: amina.id, token: null }, kim.id, item.id);
  expect((await list(await documentAccessOf(amina.id, third))).map((p) => [p.exact, p.start, p.labelId])).toEqual([["金正恩", 0, person]]);
  // Still only from what the person may see: Bruno's view of the corpus has no such mention.
  expect(await list(await documentAccessOf(bruno.id, third))).toEqual([]);
});

test("accept all of a label makes them all the caller's annotations; undo deletes them unless changed since and proposes them again", async () => {
  const { amina, bruno, first, second, person, tag } = await setup();
  const { acceptAllProposals } = await import("@/lib/server/recommenders/accept-all-proposals");
  const { undoProposalDecisions } = await import("@/lib/server/recommenders/undo-proposal-decisions");
  const { updateAnnotation } = await import("@/lib/server/annotations/change-annotation");
  await tag(amina.id, first, TEXTS[0], "Kim Jong Un");
  const access = await documentAccessOf(amina.id, second);
  const before = await list(access);
  expect(before).toHaveLength(3);
  const { accepted } = await acceptAllProposals(access, { labelId: person });
  expect(accepted.map((a) => a.start)).toEqual(before.map((p) => p.start));
  const mine = await db.annotation.findMany({ where: { documentId: second, deletedAt: null }, orderBy: { start: "asc" } });
  expect(mine.map((a) => [a.authorId, a.start, a.exact])).toEqual(before.map((p) => [amina.id, p.start, p.exact]));
  expect(await list(access)).toEqual([]);
  // Each recorded like a single accept: her decision naming the recommender, score and annotation, and a CREATE history entry by her.
  const decisions = await db.proposalDecision.findMany({ where: { documentId: second, userId: amina.id }, orderBy: { start: "asc" } });
  expect(decisions.map((d) => [d.verdict, d.recommenderId, d.score, d.annotationId])).toEqual(before.map((p, i) => ["ACCEPTED", p.recommenderId, p.score, mine[i].id]));
  const history = await db.annotationHistory.findMany({ where: { annotationId: { in: mine.map((a) => a.id) } } });
  expect(history.map((h) => [h.annotationId, h.actorId, h.action, h.version]).sort()).toEqual(mine.map((a) => [a.id, amina.id, "CREATE", 1]).sort());
  expect(mine.every((a) => a.prefix !== "" || a.start === 0)).toBe(true);
  // Bruno's decisions are his own: nothing was accepted for him.
  await expect(undoProposalDecisions(await documentAccessOf(bruno.id, second), { decisions: accepted })).rejects.toMatchObject({ status: 404 });

  // She corrects one of them; undo keeps that one and takes back the other two.
  await updateAnnotation({ userId: amina.id, token: null }, mine[1].id, { version: 1, note: "checked" });
  const undone = await undoProposalDecisions(access, { decisions: accepted });
  expect(undone).toEqual({ undone: 2, kept: [{ annotationId: mine[1].id, reason: "changed since it was accepted" }] });
  expect((await db.annotation.findMany({ where: { documentId: second, deletedAt: null } })).map((a) => a.id)).toEqual([mine[1].id]);
  expect((await list(access)).map((p) => p.start)).toEqual([before[0].start, before[2].start]);
});

test("two “accept all” at once make each annotation once; viewers may not", async () => {
  const { amina, viewer, first, second, person, tag } = await setup();
  const { acceptAllProposals } = await import("@/lib/server/recommenders/accept-all-proposals");
  await tag(amina.id, first, TEXTS[0], "Kim Jong Un");
  const access = await documentAccessOf(amina.id, second);
  const [a, b] = await Promise.all([acceptAllProposals(access, { labelId: person }), acceptAllProposals(access, { labelId: person })]);
  expect(a.accepted.length + b.accepted.length).toBe(3);
  expect(await db.annotation.count({ where: { documentId: second, deletedAt: null } })).toBe(3);
  expect(await db.proposalDecision.count({ where: { documentId: second } })).toBe(3);
  await expect(acceptAllProposals(await documentAccessOf(viewer.id, second), { labelId: person })).rejects.toMatchObject({ status: 403 });
});
