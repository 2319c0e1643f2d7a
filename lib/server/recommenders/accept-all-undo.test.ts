// "Accept all suggestions of a label in the document, with undo" (issue 18) on a real PostgreSQL:
// accept-all takes every suggestion of the label the person is offered, whichever recommender made
// it — the knowledge base's included —, and undo takes back accept-alls, single accepts and
// rejects of either kind, so they are offered again; redo (accept-all with spans) does it again.
import { beforeAll, expect, test } from "vitest";
import { useTestDatabase } from "@/lib/testing/test-database";
import { asUser, documentAccessOf, projectAccessOf } from "@/lib/testing/access";
import { uuidv7 } from "@/lib/ids";

let db: typeof import("@/lib/db").db;
let acceptAll: typeof import("@/lib/server/recommenders/accept-all-proposals").acceptAllProposals;
let undo: typeof import("@/lib/server/recommenders/undo-proposal-decisions").undoProposalDecisions;
let listProposals: typeof import("@/lib/server/recommenders/list-document-proposals").listDocumentProposals;
let listSuggestions: typeof import("@/lib/server/knowledge/list-document-suggestions").listDocumentSuggestions;
let decideSuggestion: typeof import("@/lib/server/knowledge/decide-suggestion").decideSuggestion;

beforeAll(async () => {
  await useTestDatabase();
  process.env.AUTH_SECRET ??= "accept-all-undo-test-secret";
  ({ db } = await import("@/lib/db"));
  ({ acceptAllProposals: acceptAll } = await import("@/lib/server/recommenders/accept-all-proposals"));
  ({ undoProposalDecisions: undo } = await import("@/lib/server/recommenders/undo-proposal-decisions"));
  ({ listDocumentProposals: listProposals } = await import("@/lib/server/recommenders/list-document-proposals"));
  ({ listDocumentSuggestions: listSuggestions } = await import("@/lib/server/knowledge/list-document-suggestions"));
  ({ decideSuggestion } = await import("@/lib/server/knowledge/decide-suggestion"));
});

const TEXT = "Later Kim Jong Un spoke; Kim Jong Un again, with Putin.";
const at = (needle: string, from = 0) => TEXT.indexOf(needle, from);

let n = 0;
/** A blind project whose one document names Kim Jong Un twice (known to the knowledge base) and Putin once (proposed by a model server). */
async function setup() {
  const suffix = `aau${++n}-${Date.now()}`;
  const { createProject } = await import("@/lib/server/projects/create-project");
  const { importDocuments } = await import("@/lib/server/documents/import-documents");
  const { createCanonicalItem } = await import("@/lib/server/knowledge/create-canonical-item");
  const { suggestMentions } = await import("@/lib/server/knowledge/suggest-mentions");
  const [owner, amina, bruno] = await Promise.all(["owner", "amina", "bruno"].map((name) => db.user.create({ data: { email: `${name}-${suffix}@aau.test`, name } })));
  const project = await createProject(owner.id, { name: `AAU ${suffix}`, description: "", annotatorsSee: "OWN", annotatorsSeeGold: false, viewersSee: "GOLD" });
  await db.membership.createMany({ data: [amina, bruno].map((u) => ({ projectId: project.id, userId: u.id, role: "ANNOTATOR" as const })) });
  const ownerProject = await projectAccessOf(owner.id, project.id);
  const imported = await importDocuments(ownerProject, [{ name: "d.txt", fileName: "d.txt", text: TEXT, meta: { title: "D" } }], { trim: false, dryRun: false });
  const documentId = imported.report[0].documentId!;
  const person = (await db.label.findFirstOrThrow({ where: { projectId: project.id, name: "Person" } })).id;
  const kim = await createCanonicalItem(ownerProject, { kind: "ENTITY", name: "Kim Jong Un", aliases: [], description: "" });
  await suggestMentions(ownerProject);
  const ner = await db.recommender.create({ data: { projectId: project.id, name: "People finder", kind: "ENGLISH_NER" } });
  await db.proposal.create({ data: { projectId: project.id, documentId, recommenderId: ner.id, labelId: person, start: at("Putin"), end: at("Putin") + 5, exact: "Putin", score: 0.75 } });
  const access = (userId: string) => documentAccessOf(userId, documentId);
  /** What the person is offered: the knowledge base's suggestions and the other recommenders' proposals, as [source, start]. */
  const offered = async (userId: string) => [
    ...(await listSuggestions(await access(userId))).map((s) => ["kb", s.start]),
    ...(await listProposals(await access(userId))).map((p) => [p.recommender, p.start]),
  ];
  const live = () => db.annotation.findMany({ where: { documentId, deletedAt: null }, orderBy: { start: "asc" } });
  return { owner, amina, bruno, documentId, person, kim, ner, access, offered, live };
}

test("accept all of a label takes the knowledge base's suggestions too: each the caller's annotation, linked to its item, with its decision and CREATE history; others are still offered them", async () => {
  const { amina, bruno, documentId, person, kim, ner, access, offered, live } = await setup();
  const [one, two] = await listSuggestions(await access(amina.id));
  expect(await offered(amina.id)).toEqual([["kb", at("Kim")], ["kb", at("Kim", 10)], ["People finder", at("Putin")]]);

  const { accepted } = await acceptAll(await access(amina.id), { labelId: person });
  expect(accepted.map((a) => [a.start, a.suggestionId])).toEqual([[at("Kim"), one.id], [at("Kim", 10), two.id], [at("Putin"), null]]);
  const mine = await live();
  expect(mine.map((a) => [a.authorId, a.labelId, a.exact, a.canonicalId, a.attributes])).toEqual([
    [amina.id, person, "Kim Jong Un", kim.id, { canonicalName: "Kim Jong Un" }],
    [amina.id, person, "Kim Jong Un", kim.id, { canonicalName: "Kim Jong Un" }],
    [amina.id, person, "Putin", null, {}],
  ]);
  expect(mine.map((a) => a.id)).toEqual(accepted.map((a) => a.annotationId));
  // Recorded like single accepts: the suggestion's decision, the proposal's naming recommender and score, a CREATE entry each.
  const sd = await db.suggestionDecision.findMany({ where: { userId: amina.id }, orderBy: { annotationId: "asc" } });
  expect(sd.map((d) => [d.suggestionId, d.verdict, d.labelId, d.annotationId]).sort()).toEqual([[one.id, "ACCEPTED", person, mine[0].id], [two.id, "ACCEPTED", person, mine[1].id]].sort());
  const pd = await db.proposalDecision.findMany({ where: { documentId, userId: amina.id } });
  expect(pd.map((d) => [d.verdict, d.recommenderId, d.score, d.annotationId])).toEqual([["ACCEPTED", ner.id, 0.75, mine[2].id]]);
  const history = await db.annotationHistory.findMany({ where: { annotationId: { in: mine.map((a) => a.id) } } });
  expect(history.map((h) => [h.annotationId, h.action, h.actorId, (h.after as { canonicalId?: string }).canonicalId ?? null]).sort()).toEqual(
    [[mine[0].id, "CREATE", amina.id, kim.id], [mine[1].id, "CREATE", amina.id, kim.id], [mine[2].id, "CREATE", amina.id, null]].sort(),
  );
  // The history says which recommender each came from, with its score.
  const { acceptedFrom } = await import("@/lib/server/recommenders/accepted-from");
  expect(await Promise.all(mine.map((a) => acceptedFrom(a.id)))).toEqual([
    { recommender: "Knowledge base", score: null, item: "Kim Jong Un" },
    { recommender: "Knowledge base", score: null, item: "Kim Jong Un" },
    { recommender: "People finder", score: 0.75, item: null },
  ]);
  expect(await offered(amina.id)).toEqual([]);
  // Bruno works blind: Amina's accepts change nothing for him.
  expect(await offered(bruno.id)).toEqual([["kb", at("Kim")], ["kb", at("Kim", 10)], ["People finder", at("Putin")]]);
  // Accepting all again finds nothing left.
  expect(await acceptAll(await access(amina.id), { labelId: person })).toEqual({ accepted: [] });
});

test("undo of an accept-all deletes its annotations (one DELETE entry each) and offers them again; redo with its spans accepts just those again", async () => {
  const { amina, documentId, person, access, offered, live } = await setup();
  const { accepted } = await acceptAll(await access(amina.id), { labelId: person });
  const ids = accepted.map((a) => a.annotationId);
  const undone = await undo(await access(amina.id), {
    decisions: accepted.filter((a) => !a.suggestionId),
    suggestionIds: accepted.flatMap((a) => (a.suggestionId ? [a.suggestionId] : [])),
  });
  expect(undone).toEqual({ undone: 3, kept: [] });
  expect(await live()).toEqual([]);
  const deletes = await db.annotationHistory.findMany({ where: { annotationId: { in: ids }, action: "DELETE" } });
  expect(deletes.map((h) => [h.annotationId, h.actorId, h.version]).sort()).toEqual(ids.map((id) => [id, amina.id, 2]).sort());
  expect(await db.suggestionDecision.count({ where: { userId: amina.id } })).toBe(0);
  expect(await db.proposalDecision.count({ where: { documentId } })).toBe(0);
  expect(await offered(amina.id)).toEqual([["kb", at("Kim")], ["kb", at("Kim", 10)], ["People finder", at("Putin")]]);

  const again = await acceptAll(await access(amina.id), { labelId: person, spans: accepted.slice(1).map(({ start, end }) => ({ start, end })) });
  expect(again.accepted.map((a) => a.start)).toEqual([at("Kim", 10), at("Putin")]);
  // The first Kim is left: offered by the knowledge base, and now by the string matcher too, which
  // learned the name from her accepted mention (the viewer lists the span once, as the suggestion).
  expect(await offered(amina.id)).toEqual([["kb", at("Kim")], ["String matcher", at("Kim")]]);
});

test("undo of a single knowledge-base accept or reject: the annotation goes (or the one it linked is unlinked), the suggestion is offered again; a changed annotation stays", async () => {
  const { amina, person, kim, access, live } = await setup();
  const { updateAnnotation } = await import("@/lib/server/annotations/change-annotation");
  const [one, two] = await listSuggestions(await access(amina.id));
  const suggested = async () => (await listSuggestions(await access(amina.id))).map((s) => s.id);

  const accepted = await decideSuggestion(asUser(amina.id), one.id, { decision: "accept" });
  await decideSuggestion(asUser(amina.id), two.id, { decision: "reject" });
  expect(await suggested()).toEqual([]);
  expect(await undo(await access(amina.id), { suggestionIds: [one.id, two.id], decisions: [] })).toEqual({ undone: 2, kept: [] });
  expect(await suggested()).toEqual([one.id, two.id]);
  expect(await db.annotation.findUniqueOrThrow({ where: { id: accepted.annotation!.id } })).toMatchObject({ deletedAt: expect.any(Date) });

  // An annotation she had made herself is linked by the accept, and only unlinked by its undo.
  const { createAnnotation } = await import("@/lib/server/annotations/create-annotation");
  const { annotation: own } = await createAnnotation(await access(amina.id), { id: uuidv7(), labelId: person, start: one.start, end: one.end, exact: one.exact, attributes: {}, note: "" });
  await new Promise((r) => setTimeout(r, 5));
  expect((await decideSuggestion(asUser(amina.id), one.id, { decision: "accept" })).annotation).toMatchObject({ id: own.id, canonicalId: kim.id });
  // The other one, accepted and then changed: it stays hers.
  const second = await decideSuggestion(asUser(amina.id), two.id, { decision: "accept" });
  await updateAnnotation(asUser(amina.id), second.annotation!.id, { version: 1, note: "checked" });
  expect(await undo(await access(amina.id), { suggestionIds: [one.id, two.id], decisions: [] })).toEqual({
    undone: 1,
    kept: [{ annotationId: second.annotation!.id, reason: "changed since it was accepted" }],
  });
  expect((await live()).map((a) => [a.id, a.canonicalId])).toEqual([[own.id, null], [second.annotation!.id, kim.id]]);
  // Tagged by hand: it came from no recommender (the undone accept's decision is gone).
  const { acceptedFrom } = await import("@/lib/server/recommenders/accepted-from");
  expect(await acceptedFrom(own.id)).toBeNull();
  expect(await suggested()).toEqual([one.id]);
});

test("undo names only the caller's decisions: another person's are not found, and an empty undo is refused", async () => {
  const { amina, bruno, person, access } = await setup();
  const { accepted } = await acceptAll(await access(amina.id), { labelId: person });
  await expect(undo(await access(bruno.id), { decisions: [], suggestionIds: accepted.flatMap((a) => (a.suggestionId ? [a.suggestionId] : [])) })).rejects.toMatchObject({ status: 404 });
  const { undoProposalDecisionsSchema } = await import("@/lib/schemas/recommenders");
  expect(undoProposalDecisionsSchema.safeParse({}).success).toBe(false);
  expect(undoProposalDecisionsSchema.safeParse({ suggestionIds: [uuidv7()] }).success).toBe(true);
});
