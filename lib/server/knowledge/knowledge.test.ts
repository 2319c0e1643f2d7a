// The knowledge base on a real PostgreSQL: items, linking mentions (who may, which kinds, history),
// candidates for "link to…", merge and split.
import { beforeAll, expect, test } from "vitest";
import { uuidv7 } from "@/lib/ids";
import { useTestDatabase } from "@/lib/testing/test-database";
import { asUser, documentAccessOf, ownerAccessOf, projectAccessOf } from "@/lib/testing/access";

// Annotators (and viewers) see each other's work here, as these tests assume; lib/server/visibility.test.ts covers the default.
const SHARED = { annotatorsSee: "EVERYONE", viewersSee: "EVERYONE" } as const;

let db: typeof import("@/lib/db").db;
let createAnnotation: typeof import("@/lib/server/annotations/create-annotation").createAnnotation;
let deleteAnnotation: typeof import("@/lib/server/annotations/change-annotation").deleteAnnotation;
let reviewAnnotation: typeof import("@/lib/server/reviews/review-annotation").reviewAnnotation;
let createProject: typeof import("@/lib/server/projects/create-project").createProject;
let createItem: typeof import("@/lib/server/knowledge/create-canonical-item").createCanonicalItem;
let updateItem: typeof import("@/lib/server/knowledge/update-canonical-item").updateCanonicalItem;
let deleteItem: typeof import("@/lib/server/knowledge/delete-canonical-item").deleteCanonicalItem;
let listItems: typeof import("@/lib/server/knowledge/list-canonical-items").listCanonicalItems;
let getItem: typeof import("@/lib/server/knowledge/get-canonical-item").getCanonicalItem;
let link: typeof import("@/lib/server/knowledge/link-annotation").linkAnnotationToCanonical;
let candidates: typeof import("@/lib/server/knowledge/suggest-candidates").suggestCandidates;
let merge: typeof import("@/lib/server/knowledge/merge-canonical-items").mergeCanonicalItems;
let split: typeof import("@/lib/server/knowledge/split-canonical-item").splitCanonicalItem;
let suggestMentions: typeof import("@/lib/server/knowledge/suggest-mentions").suggestMentions;

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  ({ createAnnotation } = await import("@/lib/server/annotations/create-annotation"));
  ({ deleteAnnotation } = await import("@/lib/server/annotations/change-annotation"));
  ({ reviewAnnotation } = await import("@/lib/server/reviews/review-annotation"));
  ({ createProject } = await import("@/lib/server/projects/create-project"));
  ({ createCanonicalItem: createItem } = await import("@/lib/server/knowledge/create-canonical-item"));
  ({ updateCanonicalItem: updateItem } = await import("@/lib/server/knowledge/update-canonical-item"));
  ({ deleteCanonicalItem: deleteItem } = await import("@/lib/server/knowledge/delete-canonical-item"));
  ({ listCanonicalItems: listItems } = await import("@/lib/server/knowledge/list-canonical-items"));
  ({ getCanonicalItem: getItem } = await import("@/lib/server/knowledge/get-canonical-item"));
  ({ linkAnnotationToCanonical: link } = await import("@/lib/server/knowledge/link-annotation"));
  ({ suggestCandidates: candidates } = await import("@/lib/server/knowledge/suggest-candidates"));
  ({ mergeCanonicalItems: merge } = await import("@/lib/server/knowledge/merge-canonical-items"));
  ({ splitCanonicalItem: split } = await import("@/lib/server/knowledge/split-canonical-item"));
  ({ suggestMentions } = await import("@/lib/server/knowledge/suggest-mentions"));
});

const TEXTS = [
  { title: "Summit anniversary", publishedOn: "2020-04-25", text: "Kim Jong Un met Vladimir Putin in Vladivostok. Kim Jong Un said the talks were candid." },
  { title: "Moscow Declaration", publishedOn: "2024-08-04", text: "Comrade Kim Jong-un greeted President Putin. The summit in Vladivostok is remembered." },
  { title: "Undated note", publishedOn: null, text: "KIM JONG UN and Putin; the Supreme Leader visited P'yŏngyang." },
];

let n = 0;
async function setup() {
  const k = ++n;
  const user = (name: string) => db.user.create({ data: { email: `${name}-${k}@kb.test`, name: `${name} ${k}` } });
  const [owner, curator, amina, bruno, viewer, stranger] = await Promise.all(["owner", "curator", "amina", "bruno", "viewer", "stranger"].map(user));
  const project = await createProject(owner.id, { name: `KB ${k}`, description: "", ...SHARED });
  await db.membership.createMany({
    data: [
      { projectId: project.id, userId: curator.id, role: "CURATOR" as const },
      { projectId: project.id, userId: amina.id, role: "ANNOTATOR" as const },
      { projectId: project.id, userId: bruno.id, role: "ANNOTATOR" as const },
      { projectId: project.id, userId: viewer.id, role: "VIEWER" as const },
    ],
  });
  const documents: { id: string; title: string; text: string }[] = [];
  for (const [i, d] of TEXTS.entries()) {
    documents.push(await db.document.create({ data: { projectId: project.id, title: d.title, publishedOn: d.publishedOn, text: d.text, contentHash: `kb${k}-${i}`, length: [...d.text].length } }));
  }
  const labels = await db.label.findMany({ where: { projectId: project.id } });
  const label = (name: string) => labels.find((l) => l.name === name)!.id;
  const tag = async (author: { id: string }, doc: (typeof documents)[number], needle: string, labelName: string, attributes: Record<string, unknown> = {}, from = 0) => {
    const at = doc.text.indexOf(needle, from);
    if (at < 0) throw new Error(`${needle} not in ${doc.title}`);
    const start = [...doc.text.slice(0, at)].length;
    return (await createAnnotation(await documentAccessOf(author.id, doc.id), { id: uuidv7(), labelId: label(labelName), start, end: start + [...needle].length, exact: needle, attributes, note: "" })).annotation;
  };
  return { owner, curator, amina, bruno, viewer, stranger, project, documents, label, tag };
}

test("linking: the author or a curator links, kinds must match, the item must be in the project; history, version and review state", async () => {
  const { owner, curator, amina, bruno, viewer, stranger, project, documents, tag } = await setup();
  const kim = await createItem(await ownerAccessOf(project.id), { kind: "ENTITY", name: "Kim Jong Un", aliases: [], description: "" });
  const summit = await createItem(await ownerAccessOf(project.id), { kind: "EVENT", name: "Vladivostok summit", aliases: [], date: "2019-04-25", description: "" });
  const mention = await tag(amina, documents[0], "Kim Jong Un", "Person");
  await reviewAnnotation(asUser(owner.id), mention.id, { decision: "ACCEPTED", comment: "", version: 1 });

  const linked = await link(asUser(amina.id), mention.id, kim.id);
  expect(linked).toMatchObject({ changed: true, canonical: { id: kim.id, name: "Kim Jong Un", kind: "ENTITY" } });
  // Knowledge-base metadata: same version, still accepted, but a new place in the change order.
  expect(linked.annotation).toMatchObject({ id: mention.id, canonicalId: kim.id, version: 1, reviewState: "ACCEPTED" });
  expect(linked.annotation.seq).toBeGreaterThan(mention.seq);
  const history = await db.annotationHistory.findMany({ where: { annotationId: mention.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  const entry = history.at(-1)!;
  expect(entry).toMatchObject({ action: "UPDATE", actorId: amina.id, version: 1 });
  expect(entry.before).toMatchObject({ canonicalId: null, exact: "Kim Jong Un" });
  expect(entry.after).toMatchObject({ canonicalId: kim.id, exact: "Kim Jong Un" });

  // Linking again to the same item writes nothing.
  expect((await link(asUser(amina.id), mention.id, kim.id)).changed).toBe(false);
  expect(await db.annotationHistory.count({ where: { annotationId: mention.id } })).toBe(history.length);

  // Who may: not another annotator, not a viewer; a stranger does not learn it exists.
  await expect(link(asUser(bruno.id), mention.id, null)).rejects.toMatchObject({ status: 403 });
  await expect(link(asUser(viewer.id), mention.id, null)).rejects.toMatchObject({ status: 403 });
  await expect(link(asUser(stranger.id), mention.id, null)).rejects.toMatchObject({ status: 404 });
  await expect(link(asUser(amina.id), uuidv7(), kim.id)).rejects.toMatchObject({ status: 404 });
  // A curator may link or unlink anyone's.
  expect((await link(asUser(curator.id), mention.id, null)).annotation.canonicalId).toBeNull();
  expect((await link(asUser(owner.id), mention.id, kim.id)).annotation.canonicalId).toBe(kim.id);

  // The wrong kind is a conflict; an item of another project is unknown here.
  await expect(link(asUser(amina.id), mention.id, summit.id)).rejects.toMatchObject({ status: 409, message: expect.stringContaining("an entity") });
  const other = await setup();
  const elsewhere = await createItem(await ownerAccessOf(other.project.id), { kind: "ENTITY", name: "Kim Jong Un", aliases: [], description: "" });
  await expect(link(asUser(amina.id), mention.id, elsewhere.id)).rejects.toMatchObject({ status: 400 });
  expect((await db.annotation.findUniqueOrThrow({ where: { id: mention.id } })).canonicalId).toBe(kim.id);

  // A deleted annotation cannot be linked.
  const gone = await tag(amina, documents[0], "Kim Jong Un", "Person", {}, 20);
  await deleteAnnotation(asUser(amina.id), gone.id, 1);
  await expect(link(asUser(amina.id), gone.id, kim.id)).rejects.toMatchObject({ status: 409 });

  // Annotators may create items; only events have dates.
  await expect(createItem(await ownerAccessOf(project.id), { kind: "ENTITY", name: "Putin", aliases: [], date: "2019", description: "" })).rejects.toMatchObject({ status: 400 });
});

test("items list with mention and document counts; an item shows every mention in context; deleting unlinks", async () => {
  const { amina, bruno, curator, project, documents, tag } = await setup();
  const kim = await createItem(await ownerAccessOf(project.id), { kind: "ENTITY", name: "Kim Jong Un", aliases: ["KIM JONG UN", "the Supreme Leader", " the supreme leader "], description: "" });
  expect(kim.aliases).toEqual(["the Supreme Leader"]);
  const mentions = [
    await tag(amina, documents[0], "Kim Jong Un", "Person"),
    await tag(bruno, documents[0], "Kim Jong Un", "Person", {}, 20),
    await tag(amina, documents[1], "Kim Jong-un", "Person"),
  ];
  for (const m of mentions) await link(asUser(m.authorId === amina.id ? amina.id : bruno.id), m.id, kim.id);
  const [listed] = await listItems(await ownerAccessOf(project.id), "ENTITY");
  expect(listed).toMatchObject({ id: kim.id, mentionCount: 3, documentCount: 2 });
  expect(await listItems(await ownerAccessOf(project.id), "EVENT")).toEqual([]);

  const page = await getItem(await ownerAccessOf(project.id), kim.id);
  expect(page.documents.map((d) => [d.title, d.publishedOn, d.mentionCount])).toEqual([
    ["Summit anniversary", "2020-04-25", 2],
    ["Moscow Declaration", "2024-08-04", 1],
  ]);
  expect(page.mentions[2]).toMatchObject({ documentTitle: "Moscow Declaration", prefix: "Comrade ", exact: "Kim Jong-un", suffix: " greeted President Putin. The su", label: { name: "Person" }, author: { id: amina.id } });
  await expect(getItem(await ownerAccessOf(project.id), uuidv7())).rejects.toMatchObject({ status: 404 });

  const renamed = await updateItem(await ownerAccessOf(project.id), kim.id, { name: "Kim Jong-un", aliases: ["Kim Jong Un", "Marshal"] });
  expect(renamed).toMatchObject({ name: "Kim Jong-un", aliases: ["Marshal"], mentionCount: 3 });

  const removed = await deleteItem(await projectAccessOf(curator.id, project.id), kim.id);
  expect(removed.unlinked).toBe(3);
  expect(await db.annotation.count({ where: { id: { in: mentions.map((m) => m.id) }, canonicalId: null, deletedAt: null } })).toBe(3);
  const last = await db.annotationHistory.findFirstOrThrow({ where: { annotationId: mentions[0].id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  expect(last).toMatchObject({ action: "UPDATE", actorId: curator.id });
  expect(last.after).toMatchObject({ canonicalId: null });
});

test("candidates: exact after normalization first (case, hyphens, diacritics), aliases and linked mentions, then near matches", async () => {
  const { amina, project, documents, tag } = await setup();
  const kim = await createItem(await ownerAccessOf(project.id), { kind: "ENTITY", name: "Kim Jong Un", aliases: ["the Supreme Leader"], description: "" });
  const kimIlSung = await createItem(await ownerAccessOf(project.id), { kind: "ENTITY", name: "Kim Il Sung", aliases: [], description: "" });
  const pyongyang = await createItem(await ownerAccessOf(project.id), { kind: "ENTITY", name: "Pyongyang", aliases: [], description: "" });
  const putin = await createItem(await ownerAccessOf(project.id), { kind: "ENTITY", name: "Vladimir Putin", aliases: [], description: "" });
  const summit = await createItem(await ownerAccessOf(project.id), { kind: "EVENT", name: "Visit of Kim Jong Un to Russia", aliases: [], description: "" });
  await link(asUser(amina.id), (await tag(amina, documents[1], "President Putin", "Person")).id, putin.id);

  const top = async (q: string, kind?: "ENTITY" | "EVENT") => (await candidates(await ownerAccessOf(project.id), { q, kind })).candidates[0];
  expect(await top("Kim Jong-un", "ENTITY")).toMatchObject({ id: kim.id, match: "exact", score: 1, matchedOn: { field: "name" } });
  expect(await top("KIM JONG UN", "ENTITY")).toMatchObject({ id: kim.id, match: "exact" });
  expect(await top("P'yŏngyang")).toMatchObject({ id: pyongyang.id, match: "exact", matchedOn: { field: "name", text: "Pyongyang" } });
  expect(await top("Supreme Leader")).toMatchObject({ id: kim.id, matchedOn: { field: "alias", text: "the Supreme Leader" } });
  expect(await top("president putin")).toMatchObject({ id: putin.id, match: "exact", mentionCount: 1, matchedOn: { field: "mention", text: "President Putin" } });
  expect(await top("Phyongyang")).toMatchObject({ id: pyongyang.id, match: "near" });

  const kims = (await candidates(await ownerAccessOf(project.id), { q: "Kim Jong Un", kind: "ENTITY" })).candidates;
  expect(kims.map((c) => c.id)).toEqual([kim.id]);
  const partial = (await candidates(await ownerAccessOf(project.id), { q: "Kim", kind: "ENTITY" })).candidates;
  expect(partial.map((c) => c.id).sort()).toEqual([kim.id, kimIlSung.id].sort());
  expect(partial.every((c) => c.match === "partial")).toBe(true);
  // The kind filter keeps events out of entity candidates and the other way round.
  expect((await candidates(await ownerAccessOf(project.id), { q: "Kim Jong Un", kind: "EVENT" })).candidates.map((c) => c.id)).toEqual([summit.id]);
  expect(await candidates(await ownerAccessOf(project.id), { q: "Moscow" })).toEqual({ candidates: [], complete: true });
});

test("merge moves every mention and suggestion, keeps names as aliases; split moves the chosen mentions to a new item", async () => {
  const { amina, bruno, curator, project, documents, tag } = await setup();
  const kim = await createItem(await ownerAccessOf(project.id), { kind: "ENTITY", name: "Kim Jong Un", aliases: ["Marshal Kim"], description: "" });
  const kim2 = await createItem(await ownerAccessOf(project.id), { kind: "ENTITY", name: "Kim Jong-un", aliases: ["the Supreme Leader"], description: "Leader of the DPRK" });
  const kim3 = await createItem(await ownerAccessOf(project.id), { kind: "ENTITY", name: "KIM JONG UN", aliases: [], description: "" });
  const city = await createItem(await ownerAccessOf(project.id), { kind: "ENTITY", name: "Vladivostok", aliases: [], description: "" });
  const event = await createItem(await ownerAccessOf(project.id), { kind: "EVENT", name: "Summit", aliases: [], description: "" });
  const a = await tag(amina, documents[0], "Kim Jong Un", "Person");
  const b = await tag(bruno, documents[1], "Kim Jong-un", "Person");
  const c = await tag(amina, documents[2], "KIM JONG UN", "Person");
  const d = await tag(bruno, documents[0], "Kim Jong Un", "Person", {}, 20);
  await link(asUser(amina.id), a.id, kim.id);
  await link(asUser(bruno.id), b.id, kim2.id);
  await link(asUser(amina.id), c.id, kim3.id);
  await link(asUser(bruno.id), d.id, kim2.id);
  // Both kim2 and kim3 are suggested in the third document at the same span.
  await suggestMentions(await ownerAccessOf(project.id), [documents[2].id]);
  expect(await db.suggestion.count({ where: { canonicalId: kim2.id } })).toBeGreaterThan(0);

  await expect(merge(await projectAccessOf(curator.id, project.id), kim.id, [event.id])).rejects.toMatchObject({ status: 400 });
  await expect(merge(await projectAccessOf(curator.id, project.id), kim.id, [kim.id])).rejects.toMatchObject({ status: 400 });
  await expect(merge(await projectAccessOf(curator.id, project.id), kim.id, [uuidv7()])).rejects.toMatchObject({ status: 404 });

  const suggestedSpans = await db.suggestion.findMany({ where: { canonicalId: { in: [kim.id, kim2.id, kim3.id] } }, select: { documentId: true, start: true, end: true } });
  const merged = await merge(await projectAccessOf(curator.id, project.id), kim.id, [kim2.id, kim3.id]);
  expect(merged.item).toMatchObject({ id: kim.id, name: "Kim Jong Un", mentionCount: 4, documentCount: 3, description: "Leader of the DPRK" });
  // "Kim Jong-un" and "KIM JONG UN" normalize to the name itself, so only the real alias is added.
  expect(merged.item.aliases).toEqual(["Marshal Kim", "the Supreme Leader"]);
  expect(await db.canonicalItem.count({ where: { id: { in: [kim2.id, kim3.id] } } })).toBe(0);
  expect(await db.annotation.count({ where: { id: { in: [a.id, b.id, c.id, d.id] }, canonicalId: kim.id } })).toBe(4);
  const after = await db.suggestion.findMany({ where: { projectId: project.id }, select: { canonicalId: true, documentId: true, start: true, end: true } });
  expect(after.every((s) => s.canonicalId === kim.id || s.canonicalId === city.id)).toBe(true);
  // Every suggested span survives, once.
  const key = (s: { documentId: string; start: number; end: number }) => `${s.documentId}:${s.start}:${s.end}`;
  expect(new Set(after.filter((s) => s.canonicalId === kim.id).map(key))).toEqual(new Set(suggestedSpans.map(key)));
  expect((await db.annotationHistory.findFirstOrThrow({ where: { annotationId: b.id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] })).after).toMatchObject({ canonicalId: kim.id });

  // Split: the mentions in the first document were Kim Jong Il all along (say).
  await expect(split(await projectAccessOf(curator.id, project.id), kim.id, { annotationIds: [uuidv7()], name: "x", aliases: [] })).rejects.toMatchObject({ status: 400 });
  const parted = await split(await projectAccessOf(curator.id, project.id), kim.id, { annotationIds: [a.id, d.id], name: "Kim Jong Il", aliases: [] });
  expect(parted.item).toMatchObject({ kind: "ENTITY", name: "Kim Jong Il", mentionCount: 2, documentCount: 1 });
  expect(parted.from).toMatchObject({ id: kim.id, mentionCount: 2, documentCount: 2 });
  expect(parted.moved).toBe(2);
  const all = await db.annotation.findMany({ where: { id: { in: [a.id, b.id, c.id, d.id] } }, select: { id: true, canonicalId: true } });
  expect(Object.fromEntries(all.map((x) => [x.id, x.canonicalId]))).toEqual({ [a.id]: parted.item.id, [d.id]: parted.item.id, [b.id]: kim.id, [c.id]: kim.id });
});
