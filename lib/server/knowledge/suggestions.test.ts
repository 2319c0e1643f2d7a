// Suggestions of known entities in documents, on a real PostgreSQL: code-point offsets after emoji,
// already linked spans skipped, accept/reject once per person, and never exported. (Blind
// annotation — decisions and labels per person — is in kb-recommender.test.ts.)
import { afterAll, beforeAll, expect, test } from "vitest";
import { useTestDatabase } from "@/lib/testing/test-database";
import { asUser, documentAccessOf, ownerAccessOf, ownerDocumentAccessOf } from "@/lib/testing/access";

let db: typeof import("@/lib/db").db;
let tricky: typeof import("@/lib/testing/tricky-project");
let createItem: typeof import("@/lib/server/knowledge/create-canonical-item").createCanonicalItem;
let link: typeof import("@/lib/server/knowledge/link-annotation").linkAnnotationToCanonical;
let suggestMentions: typeof import("@/lib/server/knowledge/suggest-mentions").suggestMentions;
let listSuggestions: typeof import("@/lib/server/knowledge/list-document-suggestions").listDocumentSuggestions;
let decide: typeof import("@/lib/server/knowledge/decide-suggestion").decideSuggestion;

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  tricky = await import("@/lib/testing/tricky-project");
  ({ createCanonicalItem: createItem } = await import("@/lib/server/knowledge/create-canonical-item"));
  ({ linkAnnotationToCanonical: link } = await import("@/lib/server/knowledge/link-annotation"));
  ({ suggestMentions } = await import("@/lib/server/knowledge/suggest-mentions"));
  ({ listDocumentSuggestions: listSuggestions } = await import("@/lib/server/knowledge/list-document-suggestions"));
  ({ decideSuggestion: decide } = await import("@/lib/server/knowledge/decide-suggestion"));
});

afterAll(async () => {
  await (await import("@/lib/server/jobs/queue")).senderQueue().then((boss) => boss.stop({ graceful: false, close: true })).catch(() => undefined);
});

/** Code-point offset of `needle` in `text`, counted independently of lib/anchoring. */
const codePointOffset = (text: string, needle: string) => [...text.slice(0, text.indexOf(needle))].length;
const slice = (text: string, start: number, end: number) => [...text].slice(start, end).join("");

let n = 0;
async function setup() {
  const fixture = await tricky.createTrickyProject(`kb${++n}`);
  const { project, owner, amina, bruno } = fixture;
  const viewer = await db.user.create({ data: { email: `viewer-${n}@kb.test`, name: "viewer" } });
  await db.membership.create({ data: { projectId: project.id, userId: viewer.id, role: "VIEWER" } });
  const kim = await createItem(await ownerAccessOf(project.id), { kind: "ENTITY", name: "Kim Jong Un", aliases: ["金正恩"], description: "" });
  const putin = await createItem(await ownerAccessOf(project.id), { kind: "ENTITY", name: "Vladimir Putin", aliases: ["Putin"], description: "" });
  const pyongyang = await createItem(await ownerAccessOf(project.id), { kind: "ENTITY", name: "P'yŏngyang", aliases: [], description: "" });
  // Amina's "Kim Jong Un" is linked already: that span is not suggested again.
  await link(asUser(amina.id), fixture.ids.kim.id, kim.id);
  return { ...fixture, owner, amina, bruno, viewer, kim, putin, pyongyang };
}

test("suggestions sit at code-point offsets after emoji, skip linked spans and shorter names inside longer ones, and are made once", async () => {
  const { project, documentId, plainId, text, kim, putin, pyongyang } = await setup();
  const result = await suggestMentions(await ownerAccessOf(project.id));
  expect(result.documents).toBe(2);
  const inTricky = await listSuggestions(await ownerDocumentAccessOf(documentId));
  const spans = inTricky.map((s) => [s.item.name, s.exact, s.start, s.end]);
  expect(spans).toEqual([
    // "🇰🇵 Kim Jong Un 👍🏽 met Vladimir Putin": Kim is linked; Putin is one match, the longer one.
    ["Vladimir Putin", "Vladimir Putin", codePointOffset(text, "Vladimir Putin"), codePointOffset(text, "Vladimir Putin") + 14],
    ["Kim Jong Un", "金正恩", codePointOffset(text, "金正恩"), codePointOffset(text, "金正恩") + 3],
    ["P'yŏngyang", "Pyongyang", codePointOffset(text, "Pyongyang"), codePointOffset(text, "Pyongyang") + 9],
  ]);
  // The emoji before it take two UTF-16 units each per code point: the naive offset would be off.
  expect(inTricky[0].start).toBeLessThan(text.indexOf("Vladimir Putin"));
  for (const s of inTricky) expect(slice(text, s.start, s.end)).toBe(s.exact);
  expect(inTricky.map((s) => s.canonicalId)).toEqual([putin.id, kim.id, pyongyang.id]);
  // The label to use is the one the item's mentions have; Putin has no mention yet: the first entity label.
  expect(inTricky[1].label.name).toBe("Person");
  expect(inTricky[0].label.name).toBe("Person");

  const inPlain = await listSuggestions(await ownerDocumentAccessOf(plainId));
  expect(inPlain.map((s) => [s.exact, s.start, s.end])).toEqual([["Putin", 0, 5], ["Pyongyang", 14, 23]]);

  expect((await suggestMentions(await ownerAccessOf(project.id))).created).toBe(0);
  expect(await db.suggestion.count({ where: { projectId: project.id } })).toBe(5);
});

test("accept makes the caller's linked annotation, reject is the caller's; deciding twice is a 409; viewers 403", async () => {
  const { project, documentId, plainId, text, bruno, amina, viewer, kim, putin, labels } = await setup();
  await suggestMentions(await ownerAccessOf(project.id));
  const [, kimKr] = await listSuggestions(await ownerDocumentAccessOf(documentId));
  expect(kimKr.exact).toBe("金正恩");

  await expect(decide(asUser(viewer.id), kimKr.id, { decision: "accept" })).rejects.toMatchObject({ status: 403 });
  const stranger = await db.user.create({ data: { email: `stranger-${n}@kb.test`, name: "stranger" } });
  await expect(decide(asUser(stranger.id), kimKr.id, { decision: "accept" })).rejects.toMatchObject({ status: 404 });

  const accepted = await decide(asUser(bruno.id), kimKr.id, { decision: "accept" });
  expect(accepted.suggestion).toMatchObject({ status: "ACCEPTED", decidedById: bruno.id, annotationId: accepted.annotation!.id });
  const person = labels.find((l) => l.name === "Person")!;
  expect(accepted.annotation).toMatchObject({ authorId: bruno.id, documentId, canonicalId: kim.id, labelId: person.id, start: kimKr.start, end: kimKr.end, exact: "金正恩", attributes: { canonicalName: "Kim Jong Un" } });
  expect(slice(text, accepted.annotation!.start, accepted.annotation!.end)).toBe("金正恩");
  const stored = await db.suggestionDecision.findUniqueOrThrow({ where: { suggestionId_userId: { suggestionId: kimKr.id, userId: bruno.id } } });
  expect(stored).toMatchObject({ verdict: "ACCEPTED", annotationId: accepted.annotation!.id, labelId: person.id });
  // This project shares everyone's work: Amina sees Bruno's linked mention there, so it is no longer offered to her.
  await expect(decide(asUser(amina.id), kimKr.id, { decision: "reject" })).rejects.toMatchObject({ status: 404 });
  await expect(decide(asUser(bruno.id), kimKr.id, { decision: "accept" })).rejects.toMatchObject({ status: 409 });
  expect(await db.annotation.count({ where: { documentId, authorId: bruno.id, exact: "金正恩" } })).toBe(1);
  // Accepted, it is no longer offered.
  expect((await listSuggestions(await ownerDocumentAccessOf(documentId))).map((s) => s.id)).not.toContain(kimKr.id);

  // An event label is refused for an entity.
  const [putinPlain, pyongyangPlain] = await listSuggestions(await ownerDocumentAccessOf(plainId));
  const meeting = labels.find((l) => l.name === "Meeting/Visit")!;
  await expect(decide(asUser(amina.id), putinPlain.id, { decision: "accept", labelId: meeting.id })).rejects.toMatchObject({ status: 400 });
  // A failed accept leaves it open.
  expect(await db.suggestionDecision.count({ where: { suggestionId: putinPlain.id } })).toBe(0);
  const withLabel = await decide(asUser(amina.id), putinPlain.id, { decision: "accept", labelId: person.id });
  expect(withLabel.annotation).toMatchObject({ authorId: amina.id, canonicalId: putin.id, exact: "Putin", start: 0, end: 5 });

  const rejected = await decide(asUser(amina.id), pyongyangPlain.id, { decision: "reject" });
  expect(rejected).toMatchObject({ suggestion: { status: "REJECTED", decidedById: amina.id }, annotation: null });
  const aminas = async () => listSuggestions(await documentAccessOf(amina.id, plainId));
  expect(await aminas()).toEqual([]);
  // Her reject is hers: the owner is still offered it.
  expect((await listSuggestions(await ownerDocumentAccessOf(plainId))).map((s) => s.id)).toEqual([pyongyangPlain.id]);
  // A rejected span is not offered again by a new scan.
  await suggestMentions(await ownerAccessOf(project.id), [plainId]);
  expect(await aminas()).toEqual([]);
});

test("a suggestion is nobody's annotation: exports do not contain it", async () => {
  const { project, plainId } = await setup();
  await suggestMentions(await ownerAccessOf(project.id));
  expect(await db.suggestion.count({ where: { documentId: plainId } })).toBe(2);
  const { bytes } = await tricky.exportToBytes(project.id, { format: "jsonl", layers: "mixed" });
  const lines = Buffer.from(bytes).toString("utf8").trim().split("\n").map((l) => JSON.parse(l));
  expect(lines.find((l) => l.text === "Putin visited Pyongyang.").label).toEqual([]);
  for (const line of lines) {
    const documentId = line.text === "Putin visited Pyongyang." ? plainId : undefined;
    const live = await db.annotation.count({ where: { projectId: project.id, deletedAt: null, ...(documentId ? { documentId } : { documentId: { not: plainId } }) } });
    expect(line.label).toHaveLength(live);
  }
});

test("importing a document offers the known entities in it as suggestions, and a dry run offers nothing", async () => {
  const { project } = await setup();
  const { importDocuments } = await import("@/lib/server/documents/import-documents");
  const draft = (name: string, text: string) => ({ name, fileName: name, text, meta: {} });
  await importDocuments(await ownerAccessOf(project.id), [draft("dry.txt", "Putin greeted the delegation.")], { trim: false, dryRun: true });
  expect(await db.suggestion.count({ where: { projectId: project.id, exact: "Putin", document: { title: { contains: "greeted" } } } })).toBe(0);
  const owner = await ownerAccessOf(project.id);
  const result = await importDocuments(owner, [draft("new.txt", "🇷🇺 Putin received Kim Jong Un in the Kremlin.")], { trim: false, dryRun: false });
  const documentId = result.report[0].documentId!;
  // The import queued them as a job (lib/server/documents/suggest-on-import.test.ts); this runs it.
  expect(await db.suggestion.count({ where: { documentId } })).toBe(0);
  const { runSuggestionsJob } = await import("@/lib/server/documents/suggest-on-import");
  await runSuggestionsJob({ projectId: project.id, userId: owner.userId, tokenId: null, documentIds: [documentId] });
  const suggestions = await listSuggestions(await ownerDocumentAccessOf(documentId));
  expect(suggestions.map((s) => [s.exact, s.item.name]).sort()).toEqual([["Kim Jong Un", "Kim Jong Un"], ["Putin", "Vladimir Putin"]]);
  const text = "🇷🇺 Putin received Kim Jong Un in the Kremlin.";
  for (const s of suggestions) expect(slice(text, s.start, s.end)).toBe(s.exact);
});
