// Independent annotation (issue 13, part 1): in a project where annotators see only their own
// work, no read path gives an annotator another annotator's annotation — the list, an id (404 like
// a missing one), the event stream, search, the knowledge base, suggestions, relations, comments,
// reviews, the review queue and exports — while curators see everything and viewers the gold
// layer. With "everyone's work" they all see all. Real PostgreSQL, real use cases.
import { documentListQuery } from "@/lib/schemas/document-list";
import { afterAll, beforeAll, expect, test } from "vitest";
import { uuidv7 } from "@/lib/ids";
import { asUser, documentAccessOf, projectAccessOf } from "@/lib/testing/access";
import { useTestDatabase } from "@/lib/testing/test-database";

let db: typeof import("@/lib/db").db;
let s: {
  createProject: typeof import("@/lib/server/projects/create-project").createProject;
  updateProject: typeof import("@/lib/server/projects/update-project").updateProject;
  createAnnotation: typeof import("@/lib/server/annotations/create-annotation").createAnnotation;
  list: typeof import("@/lib/server/annotations/list-annotations");
  change: typeof import("@/lib/server/annotations/change-annotation");
  comments: typeof import("@/lib/server/comments/annotation-comments");
  reviews: typeof import("@/lib/server/reviews/review-annotation");
  queue: typeof import("@/lib/server/reviews/list-review-queue");
  relations: typeof import("@/lib/server/relations/relations");
  search: typeof import("@/lib/server/search/search-project");
  knowledge: {
    create: typeof import("@/lib/server/knowledge/create-canonical-item").createCanonicalItem;
    list: typeof import("@/lib/server/knowledge/list-canonical-items").listCanonicalItems;
    get: typeof import("@/lib/server/knowledge/get-canonical-item").getCanonicalItem;
    link: typeof import("@/lib/server/knowledge/link-annotation").linkAnnotationToCanonical;
    claims: typeof import("@/lib/server/knowledge/list-claim-tracker").listClaimTracker;
    candidates: typeof import("@/lib/server/knowledge/suggest-candidates").suggestCandidates;
    suggest: typeof import("@/lib/server/knowledge/suggest-mentions").suggestMentions;
    suggestions: typeof import("@/lib/server/knowledge/list-document-suggestions").listDocumentSuggestions;
  };
  exportFor: typeof import("@/lib/server/export/export-project").exportProjectFor;
  agreement: typeof import("@/lib/server/agreement/project-agreement").projectAgreement;
  stream: typeof import("@/lib/server/live/document-event-stream").documentEventStream;
  listDocuments: typeof import("@/lib/server/documents/list-documents-page").listDocumentsPage;
  listLabels: typeof import("@/lib/server/labels/list-labels").listLabels;
};

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  s = {
    createProject: (await import("@/lib/server/projects/create-project")).createProject,
    updateProject: (await import("@/lib/server/projects/update-project")).updateProject,
    createAnnotation: (await import("@/lib/server/annotations/create-annotation")).createAnnotation,
    list: await import("@/lib/server/annotations/list-annotations"),
    change: await import("@/lib/server/annotations/change-annotation"),
    comments: await import("@/lib/server/comments/annotation-comments"),
    reviews: await import("@/lib/server/reviews/review-annotation"),
    queue: await import("@/lib/server/reviews/list-review-queue"),
    relations: await import("@/lib/server/relations/relations"),
    search: await import("@/lib/server/search/search-project"),
    knowledge: {
      create: (await import("@/lib/server/knowledge/create-canonical-item")).createCanonicalItem,
      list: (await import("@/lib/server/knowledge/list-canonical-items")).listCanonicalItems,
      get: (await import("@/lib/server/knowledge/get-canonical-item")).getCanonicalItem,
      link: (await import("@/lib/server/knowledge/link-annotation")).linkAnnotationToCanonical,
      claims: (await import("@/lib/server/knowledge/list-claim-tracker")).listClaimTracker,
      candidates: (await import("@/lib/server/knowledge/suggest-candidates")).suggestCandidates,
      suggest: (await import("@/lib/server/knowledge/suggest-mentions")).suggestMentions,
      suggestions: (await import("@/lib/server/knowledge/list-document-suggestions")).listDocumentSuggestions,
    },
    exportFor: (await import("@/lib/server/export/export-project")).exportProjectFor,
    agreement: (await import("@/lib/server/agreement/project-agreement")).projectAgreement,
    stream: (await import("@/lib/server/live/document-event-stream")).documentEventStream,
    listDocuments: (await import("@/lib/server/documents/list-documents-page")).listDocumentsPage,
    listLabels: (await import("@/lib/server/labels/list-labels")).listLabels,
  };
});

afterAll(async () => {
  await (await import("@/lib/server/live/change-listener")).stopListening();
  await (await import("@/lib/server/db/sql-pool")).closeSqlPool();
});

const TEXT = "Kim Jong Un met Putin in Vladivostok. Officials said the talks went well.";
const span = (exact: string) => ({ start: TEXT.indexOf(exact), end: TEXT.indexOf(exact) + exact.length, exact });
const ids = (rows: { id: string }[]) => rows.map((r) => r.id).sort();

async function readAll(body: AsyncGenerator<Uint8Array>) {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

/** Owner, curator, two annotators and a viewer; annotator 1's work (linked, related, discussed), annotator 2's, and one gold annotation. */
async function fixture(settings: { annotatorsSee?: "OWN" | "EVERYONE"; viewersSee?: "GOLD" | "EVERYONE" } = {}) {
  const tag = uuidv7();
  const [owner, curator, a1, a2, viewer] = await Promise.all(
    ["owner", "curator", "a1", "a2", "viewer"].map((n) => db.user.create({ data: { email: `${n}-${tag}@vis.test`, name: n } })),
  );
  const project = await s.createProject(owner.id, { name: `Vis ${tag}`, description: "", ...settings });
  await db.membership.createMany({
    data: [
      { projectId: project.id, userId: curator.id, role: "CURATOR" },
      { projectId: project.id, userId: a1.id, role: "ANNOTATOR" },
      { projectId: project.id, userId: a2.id, role: "ANNOTATOR" },
      { projectId: project.id, userId: viewer.id, role: "VIEWER" },
    ],
  });
  const doc = await db.document.create({ data: { projectId: project.id, title: "Summit", text: TEXT, contentHash: tag, length: TEXT.length } });
  const label = async (name: string) => (await db.label.findFirstOrThrow({ where: { projectId: project.id, name } })).id;
  const [person, claim] = [await label("Person"), await label("Claim")];
  const annotate = async (userId: string, labelId: string, exact: string, more: { note?: string; attributes?: Record<string, unknown> } = {}) =>
    (await s.createAnnotation(await documentAccessOf(userId, doc.id), { id: uuidv7(), labelId, ...span(exact), attributes: more.attributes ?? {}, note: more.note ?? "" }))
      .annotation;

  const ownerAccess = await projectAccessOf(owner.id, project.id);
  const kimItem = await s.knowledge.create(ownerAccess, { kind: "ENTITY", name: "Kim Jong Un", aliases: [], description: "" });
  const claimItem = await s.knowledge.create(ownerAccess, { kind: "CLAIM", name: "The talks went well", aliases: [], description: "" });

  const kim = await annotate(a1.id, person, "Kim Jong Un", { note: "alphaword" });
  const place = await annotate(a1.id, person, "Vladivostok");
  const said = await annotate(a1.id, claim, "the talks went well", { attributes: { claimantId: kim.id } });
  await s.knowledge.link(asUser(a1.id), kim.id, kimItem.id);
  await s.knowledge.link(asUser(a1.id), said.id, claimItem.id);
  const typeId = (await db.relationType.findFirstOrThrow({ where: { projectId: project.id, name: "located in" } })).id;
  const { relation } = await s.relations.createRelation(await documentAccessOf(a1.id, doc.id), { id: uuidv7(), typeId, fromId: kim.id, toId: place.id });
  const thread = await s.comments.addComment(asUser(curator.id), kim.id, { body: "Include the title?" });

  const putin = await annotate(a2.id, person, "Putin", { note: "betaword" });
  const gold = await db.annotation.create({
    data: { id: uuidv7(), projectId: project.id, documentId: doc.id, labelId: person, authorId: curator.id, ...span("Putin"), prefix: "", suffix: "", gold: true, goldSources: [putin.id] },
  });
  return { owner, curator, a1, a2, viewer, project, doc, person, kim, place, said, putin, gold, relation, thread, kimItem, claimItem, typeId, a1Work: [kim.id, place.id, said.id] };
}

type Fixture = Awaited<ReturnType<typeof fixture>>;

/** Everything a member can read, by path: annotation ids (or counts) each path gives them. */
async function whatTheySee(f: Fixture, userId: string) {
  const projectAccess = await projectAccessOf(userId, f.project.id);
  const documentAccess = await documentAccessOf(userId, f.doc.id);
  const { searchQuerySchema } = await import("@/lib/schemas/search");
  const { exportOptionsSchema } = await import("@/lib/schemas/export");
  const { reviewQueueQuery } = await import("@/lib/server/reviews/list-review-queue");
  const search = async (q: string) => (await s.search.searchProject(projectAccess, searchQuerySchema.parse({ q, scope: "annotations" }))).annotations!.items.map((i) => i.id);
  const csv = await s.exportFor(projectAccess, exportOptionsSchema.parse({ format: "csv", layers: "annotators-and-gold" }), "https://wb.example");
  const native = await s.exportFor(projectAccess, exportOptionsSchema.parse({ format: "native" }), "https://wb.example");
  const nativeText = await readAll(native.result.body);
  const csvText = await readAll(csv.result.body);
  const kimItem = await s.knowledge.get(projectAccess, f.kimItem.id);
  const items = await s.knowledge.list(projectAccess);
  return {
    list: ids((await s.list.listAnnotationsAsMember(asUser(userId), f.doc.id)).annotations),
    listStepByStep: ids((await s.list.listAnnotationsStepByStep(asUser(userId), f.doc.id)).annotations),
    since: ids((await s.list.listDocumentAnnotations(documentAccess, 0)).annotations),
    // The document page's own list (compact form, one statement of its own).
    page: [...(await s.list.listDocumentAnnotationsCompact(documentAccess)).annotations.ids].sort(),
    relations: ids(await s.relations.listDocumentRelations(documentAccess)),
    reviewQueue: ids((await s.queue.listReviewQueue(projectAccess, reviewQueueQuery.parse({ state: "ALL" }))).items),
    searchAlpha: await search("alphaword"),
    searchBeta: await search("betaword"),
    kimMentions: kimItem.mentions.map((m) => m.annotationId),
    kimCount: items.find((i) => i.id === f.kimItem.id)?.mentionCount ?? 0,
    candidateCount: (await s.knowledge.candidates(projectAccess, { q: "Kim Jong Un" })).candidates.find((c) => c.id === f.kimItem.id)?.mentionCount ?? 0,
    claimMentions: (await s.knowledge.claims(projectAccess)).claims.flatMap((c) => c.mentions.map((m) => m.annotationId)),
    csvCount: csv.count,
    csvHas: (id: string) => csvText.includes(id),
    nativeHas: (id: string) => nativeText.includes(id),
    nativeRelation: nativeText.includes(f.relation.id),
    documentCount: (await s.listDocuments(projectAccess, documentListQuery.parse({}))).documents.find((d) => d.id === f.doc.id)!.annotationCount,
    labelCounts: Object.fromEntries((await s.listLabels(projectAccess)).filter((l) => ["Person", "Claim"].includes(l.name)).map((l) => [l.name, l.annotationCount])),
  };
}

test("annotators see only their own work by default: every read path, and another's id answers 404 like a missing one", async () => {
  const f = await fixture();
  const a2 = await whatTheySee(f, f.a2.id);
  expect(a2.list).toEqual([f.putin.id]);
  expect(a2.page).toEqual(a2.list);
  expect(a2.listStepByStep).toEqual([f.putin.id]);
  expect(a2.since).toEqual([f.putin.id]);
  expect(a2.relations).toEqual([]);
  expect(a2.reviewQueue).toEqual([f.putin.id]);
  expect(a2.searchAlpha).toEqual([]);
  expect(a2.searchBeta).toEqual([f.putin.id]);
  expect(a2.kimMentions).toEqual([]);
  expect(a2.kimCount).toBe(0);
  expect(a2.candidateCount).toBe(0);
  expect(a2.claimMentions).toEqual([]);
  expect(a2.csvCount).toBe(1);
  expect(a2.documentCount).toBe(1);
  expect(a2.labelCounts).toEqual({ Person: 1, Claim: 0 });
  expect(f.a1Work.some(a2.csvHas)).toBe(false);
  expect(a2.csvHas(f.putin.id)).toBe(true);
  expect(f.a1Work.some(a2.nativeHas) || a2.nativeRelation || a2.nativeHas(f.gold.id)).toBe(false);

  // By id: the same 404 and message as an id that does not exist, for every route on an annotation.
  const missing = await s.change.findAnnotationForUser(asUser(f.a2.id), uuidv7()).catch((e) => e);
  expect(missing).toMatchObject({ status: 404 });
  const as2 = asUser(f.a2.id);
  const refusals = await Promise.all([
    s.change.findAnnotationForUser(as2, f.kim.id), // GET history, GET reviews
    s.change.updateAnnotation(as2, f.kim.id, { version: 1, note: "mine now" }),
    s.change.deleteAnnotation(as2, f.kim.id, 1),
    s.comments.listComments(as2, f.kim.id),
    s.comments.addComment(as2, f.kim.id, { body: "I see you" }),
    s.reviews.reviewAnnotation(as2, f.kim.id, { decision: "REJECTED", comment: "", version: 1 }),
    s.knowledge.link(as2, f.kim.id, null),
    s.change.findAnnotationForUser(as2, f.gold.id),
    s.comments.setThreadResolved(as2, f.thread.id, true),
    s.relations.deleteRelation(as2, f.relation.id),
  ].map((p) => p.then(() => "allowed", (e: { status?: number; message?: string }) => `${e.status} ${e.message}`)));
  expect(refusals).toEqual([...Array(8).fill(`404 ${missing.message}`), "404 Comment not found", "404 Relation not found"]);

  // Nor can they reach it through a link of their own: a relation or a claimant.
  const a2Doc = await documentAccessOf(f.a2.id, f.doc.id);
  await expect(s.relations.createRelation(a2Doc, { id: uuidv7(), typeId: f.typeId, fromId: f.putin.id, toId: f.place.id })).rejects.toMatchObject({ status: 404 });
  const claim = (await db.label.findFirstOrThrow({ where: { projectId: f.project.id, name: "Claim" } })).id;
  await expect(
    s.createAnnotation(a2Doc, { id: uuidv7(), labelId: claim, ...span("the talks went well"), attributes: { claimantId: f.kim.id }, note: "" }),
  ).rejects.toThrow(/not a live annotation in this document/);

  // Annotator 1 likewise sees none of annotator 2's work; their own in full.
  const a1 = await whatTheySee(f, f.a1.id);
  expect(a1.list).toEqual([...f.a1Work].sort());
  expect(a1.page).toEqual(a1.list);
  expect(a1.relations).toEqual([f.relation.id]);
  expect(a1.kimMentions).toEqual([f.kim.id]);
  expect(a1.searchBeta).toEqual([]);
  expect(a1.claimMentions).toEqual([f.said.id]);

  // Curators and owners see everything.
  for (const who of [f.curator.id, f.owner.id]) {
    const all = await whatTheySee(f, who);
    expect(all.list).toEqual([...f.a1Work, f.putin.id, f.gold.id].sort());
    expect(all.page).toEqual(all.list);
    expect(all.relations).toEqual([f.relation.id]);
    expect(all.searchAlpha).toEqual([f.kim.id]);
    expect(all.kimCount).toBe(1);
    expect(all.nativeRelation).toBe(true);
    expect(all.documentCount).toBe(5);
  }

  // Viewers see the gold layer only (the default).
  const viewer = await whatTheySee(f, f.viewer.id);
  expect(viewer.list).toEqual([f.gold.id]);
  expect(viewer.page).toEqual(viewer.list);
  expect(viewer.reviewQueue).toEqual([]);
  expect(viewer.searchBeta).toEqual([]);
  expect(viewer.csvCount).toBe(1);
  expect(viewer.csvHas(f.gold.id)).toBe(true);
  await expect(s.comments.listComments(asUser(f.viewer.id), f.kim.id)).rejects.toMatchObject({ status: 404 });

  // "Annotators also see the gold layer": the gold copy, still none of annotator 1's work.
  await s.updateProject(await projectAccessOf(f.owner.id, f.project.id), { annotatorsSeeGold: true });
  const a2WithGold = await whatTheySee(f, f.a2.id);
  expect(a2WithGold.list).toEqual([f.putin.id, f.gold.id].sort());
  expect(a2WithGold.page).toEqual(a2WithGold.list);
});

test("suggestions: an entity another annotator linked is still suggested to an annotator who cannot see that", async () => {
  const f = await fixture();
  const owner = await projectAccessOf(f.owner.id, f.project.id);
  const city = await s.knowledge.create(owner, { kind: "ENTITY", name: "Vladivostok", aliases: [], description: "" });
  await s.knowledge.suggest(owner);
  const offered = async (userId: string) => (await s.knowledge.suggestions(await documentAccessOf(userId, f.doc.id))).map((x) => x.exact);
  // Annotator 1 linked "Kim Jong Un" before the scan: annotator 2, who cannot see that, is still offered it.
  expect(await offered(f.a2.id)).toEqual(["Kim Jong Un", "Vladivostok"]);
  await s.knowledge.link(asUser(f.a1.id), f.place.id, city.id);
  expect(await offered(f.curator.id)).toEqual([]); // annotator 1's linked mentions cover both
  expect(await offered(f.a2.id)).toEqual(["Kim Jong Un", "Vladivostok"]);
});

test("the event stream never sends an annotation the subscriber may not see", async () => {
  const f = await fixture();
  const abort = new AbortController();
  const body = s.stream(await documentAccessOf(f.a2.id, f.doc.id), { sessionId: null }, { id: f.a2.id, name: "a2" }, 0, abort.signal);
  const reader = new Response(body).body!.pipeThrough(new TextDecoderStream()).getReader();
  const sent: string[] = [];
  const reading = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
      if (done) return;
      sent.push(value);
    }
  })();
  const changed = () =>
    sent.join("").split("\n\n").filter((b) => b.includes("event: changes")).flatMap((b) => (JSON.parse(/^data: (.*)$/m.exec(b)![1]) as { annotations: { id: string }[] }).annotations.map((a) => a.id));
  await expect.poll(changed).toEqual([f.putin.id]);
  // Annotator 1 annotates and deletes while the stream is open; then annotator 2 does.
  const person = f.person;
  const theirs = await s.createAnnotation(await documentAccessOf(f.a1.id, f.doc.id), { id: uuidv7(), labelId: person, ...span("Officials"), attributes: {}, note: "" });
  await s.change.deleteAnnotation(asUser(f.a1.id), f.place.id, 1);
  const mine = await s.createAnnotation(await documentAccessOf(f.a2.id, f.doc.id), { id: uuidv7(), labelId: person, ...span("Officials"), attributes: {}, note: "" });
  await expect.poll(changed, { timeout: 10_000 }).toContain(mine.annotation.id);
  expect(changed()).not.toContain(theirs.annotation.id);
  expect(changed()).not.toContain(f.place.id);
  expect(changed().every((id) => [f.putin.id, mine.annotation.id].includes(id))).toBe(true);
  // When the owner shares everyone's work, the stream ends and says why (the page then reloads to see it).
  await s.updateProject(await projectAccessOf(f.owner.id, f.project.id), { annotatorsSee: "EVERYONE" });
  await expect.poll(() => sent.join("").includes('event: access-ended\ndata: {"reason":"visibility changed"}'), { timeout: 8_000 }).toBe(true);
  abort.abort();
  await reader.cancel().catch(() => undefined);
  await reading;
});

test("with everyone's work shared, annotators and viewers see all of it", async () => {
  const f = await fixture({ annotatorsSee: "EVERYONE", viewersSee: "EVERYONE" });
  const everything = [...f.a1Work, f.putin.id, f.gold.id].sort();
  for (const who of [f.a2.id, f.viewer.id]) {
    const seen = await whatTheySee(f, who);
    expect(seen.list).toEqual(everything);
    expect(seen.page).toEqual(seen.list);
    expect(seen.relations).toEqual([f.relation.id]);
    expect(seen.searchAlpha).toEqual([f.kim.id]);
    expect(seen.kimMentions).toEqual([f.kim.id]);
    expect(seen.nativeRelation).toBe(true);
  }
  expect((await s.comments.listComments(asUser(f.a2.id), f.kim.id)).threads).toHaveLength(1);
});

test("peer review only where annotators see everyone's work: the other combination is refused with a 400 naming both settings", async () => {
  const f = await fixture();
  const owner = await projectAccessOf(f.owner.id, f.project.id);
  const refused = await s.updateProject(owner, { peerReview: true }).catch((e) => e);
  expect(refused).toMatchObject({ status: 400 });
  expect(refused.message).toMatch(/peerReview/);
  expect(refused.message).toMatch(/annotatorsSee/);
  expect(await db.project.findUniqueOrThrow({ where: { id: f.project.id }, select: { peerReview: true } })).toEqual({ peerReview: false });

  expect(await s.updateProject(owner, { peerReview: true, annotatorsSee: "EVERYONE" })).toMatchObject({ peerReview: true, annotatorsSee: "EVERYONE" });
  // With peer review on, annotator 2 reviews annotator 1's annotation.
  await expect(s.reviews.reviewAnnotation(asUser(f.a2.id), f.kim.id, { decision: "ACCEPTED", comment: "", version: 1 })).resolves.toBeTruthy();
  await expect(s.updateProject(owner, { annotatorsSee: "OWN" })).rejects.toMatchObject({ status: 400 });
  expect(await s.updateProject(owner, { annotatorsSee: "OWN", peerReview: false })).toMatchObject({ peerReview: false, annotatorsSee: "OWN" });
});

test("each annotation records whether it was made while annotators could see each other's work; agreement says how many", async () => {
  const f = await fixture();
  const flags = async () =>
    Object.fromEntries((await db.annotation.findMany({ where: { projectId: f.project.id, deletedAt: null }, select: { id: true, madeWhileShared: true } })).map((a) => [a.id, a.madeWhileShared]));
  expect(Object.values(await flags()).every((shared) => !shared)).toBe(true);
  const curator = await projectAccessOf(f.curator.id, f.project.id);
  expect((await s.agreement(curator)).independence).toEqual({ counted: 4, madeWhileShared: 0 });

  await s.updateProject(await projectAccessOf(f.owner.id, f.project.id), { annotatorsSee: "EVERYONE" });
  // A new version made while shared counts as shared from then on, also after going back.
  await s.change.updateAnnotation(asUser(f.a2.id), f.putin.id, { version: 1, note: "seen the others" });
  const late = await s.createAnnotation(await documentAccessOf(f.a1.id, f.doc.id), { id: uuidv7(), labelId: f.person, ...span("Officials"), attributes: {}, note: "" });
  // A review (not a new version) changes nothing.
  await s.reviews.reviewAnnotation(asUser(f.curator.id), f.kim.id, { decision: "ACCEPTED", comment: "", version: 1 });
  await s.updateProject(await projectAccessOf(f.owner.id, f.project.id), { annotatorsSee: "OWN" });
  const now = await flags();
  expect(now[f.putin.id]).toBe(true);
  expect(now[late.annotation.id]).toBe(true);
  expect(now[f.kim.id]).toBe(false);
  expect(now[f.gold.id]).toBe(false);
  const report = await s.agreement(curator);
  expect(report.independence).toEqual({ counted: 5, madeWhileShared: 2 });
  expect(report.documents.find((d) => d.id === f.doc.id)?.independence).toEqual({ counted: 5, madeWhileShared: 2 });
});
