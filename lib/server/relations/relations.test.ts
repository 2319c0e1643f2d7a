// Typed relations between annotations on a real PostgreSQL: the scheme's relation types, who may
// link and unlink, and that the ends must fit the type.
import { beforeAll, expect, test } from "vitest";
import { uuidv7 } from "@/lib/ids";
import { useTestDatabase } from "@/lib/testing/test-database";
import { asUser, documentAccessOf, projectAccessOf } from "@/lib/testing/access";

let db: typeof import("@/lib/db").db;
let relations: typeof import("@/lib/server/relations/relations");
let types: typeof import("@/lib/server/relations/relation-types");
let fixture: Awaited<ReturnType<typeof import("@/lib/testing/tricky-project").createTrickyProject>>;

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  relations = await import("@/lib/server/relations/relations");
  types = await import("@/lib/server/relations/relation-types");
  fixture = await (await import("@/lib/testing/tricky-project")).createTrickyProject("relations");
});

const access = (userId: string, documentId = fixture.documentId) => documentAccessOf(userId, documentId);
async function viewerId() {
  const viewer = await db.user.create({ data: { email: `viewer-${uuidv7()}@tricky.test`, name: "viewer" } });
  await db.membership.create({ data: { projectId: fixture.project.id, userId: viewer.id, role: "VIEWER" } });
  return viewer.id;
}
const typeId = async (name: string) => (await db.relationType.findFirstOrThrow({ where: { projectId: fixture.project.id, name } })).id;

test("a new project has the default relation types; curators add, rename and remove unused ones", async () => {
  const list = await types.listRelationTypes(await projectAccessOf(fixture.owner.id, fixture.project.id));
  expect(list.map((t) => [t.name, t.fromKind, t.toKind])).toEqual([
    ["member of", "ENTITY", "ENTITY"], ["located in", "ENTITY", "ENTITY"], ["part of", "EVENT", "EVENT"], ["about", "CLAIM", "EVENT"], ["refers to", "CLAIM", "ENTITY"],
  ]);
  expect(list.find((t) => t.name === "part of")!.relationCount).toBe(1);
  const ally = await types.createRelationType(await projectAccessOf(fixture.owner.id, fixture.project.id), { name: "allied with", fromKind: "ENTITY", toKind: "ENTITY", description: "" });
  await expect(types.createRelationType(await projectAccessOf(fixture.owner.id, fixture.project.id), { name: "Allied With", fromKind: "ENTITY", toKind: "ENTITY", description: "" })).rejects.toMatchObject({ status: 409 });
  expect((await types.updateRelationType(await projectAccessOf(fixture.owner.id, fixture.project.id), ally.id, { name: "ally of" })).name).toBe("ally of");
  await types.deleteRelationType(await projectAccessOf(fixture.owner.id, fixture.project.id), ally.id);
  await expect(types.deleteRelationType(await projectAccessOf(fixture.owner.id, fixture.project.id), await typeId("part of"))).rejects.toThrow(/used by 1 relation/);
  await expect(types.updateRelationType(await projectAccessOf(fixture.owner.id, fixture.project.id), await typeId("part of"), { toKind: "ENTITY" })).rejects.toMatchObject({ status: 409 });
});

test("links must fit their type, join annotations of the same document, and are idempotent by id", async () => {
  const { kim, kimKr, meeting, claim, putin } = fixture.ids;
  const memberOf = await typeId("member of");
  const id = uuidv7();
  const made = await relations.createRelation(await access(fixture.amina.id), { id, typeId: memberOf, fromId: putin.id, toId: kim.id });
  expect(made.created).toBe(true);
  expect((await relations.createRelation(await access(fixture.amina.id), { id, typeId: memberOf, fromId: putin.id, toId: kim.id })).created).toBe(false);
  await expect(relations.createRelation(await access(fixture.amina.id), { id: uuidv7(), typeId: memberOf, fromId: putin.id, toId: kim.id })).rejects.toThrow(/already linked/);
  await expect(relations.createRelation(await access(fixture.amina.id), { id: uuidv7(), typeId: memberOf, fromId: meeting.id, toId: kim.id })).rejects.toThrow(/"member of" links an entity to an entity; these are an event and an entity/);
  await expect(relations.createRelation(await access(fixture.amina.id), { id: uuidv7(), typeId: memberOf, fromId: kim.id, toId: kim.id })).rejects.toThrow(/two different annotations/);
  // Anyone who annotates may link anyone's annotations (Bruno's claim refers to Amina's 金正恩).
  await relations.createRelation(await access(fixture.bruno.id), { id: uuidv7(), typeId: await typeId("refers to"), fromId: claim.id, toId: kimKr.id });
  await expect(relations.createRelation(await access(await viewerId()), { id: uuidv7(), typeId: memberOf, fromId: kimKr.id, toId: kim.id })).rejects.toMatchObject({ status: 403 });
  const other = await db.document.findFirstOrThrow({ where: { id: fixture.plainId } });
  await expect(relations.createRelation(await access(fixture.amina.id, other.id), { id: uuidv7(), typeId: memberOf, fromId: putin.id, toId: kim.id })).rejects.toThrow(/live annotations of this document/);

  const listed = await relations.listDocumentRelations(await access(fixture.owner.id));
  expect(listed.map((r) => r.id)).toContain(id);
  // Only the relation's author or a curator removes it; the answer for a stranger is 404.
  await expect(relations.deleteRelation(asUser(fixture.bruno.id), id)).rejects.toMatchObject({ status: 403 });
  const stranger = await db.user.create({ data: { email: "stranger-relations@tricky.test", name: "stranger" } });
  await expect(relations.deleteRelation(asUser(stranger.id), id)).rejects.toMatchObject({ status: 404 });
  await relations.deleteRelation(asUser(fixture.owner.id), id);
  expect((await relations.listDocumentRelations(await access(fixture.owner.id))).map((r) => r.id)).not.toContain(id);
});

test("typed relations export as brat R lines, W3C links and JSONL relations", async () => {
  const { exportToBytes } = await import("@/lib/testing/tricky-project");
  const w3c = JSON.parse(new TextDecoder().decode((await exportToBytes(fixture.project.id, { format: "w3c" })).bytes));
  const links = w3c.first.items.filter((i: { motivation: string }) => i.motivation === "linking");
  expect(links.some((l: { body: { value?: string }[] }) => l.body.some((b) => b.value === "part of"))).toBe(true);
  expect(links.every((l: { id: string }) => !/\s/.test(l.id))).toBe(true);
  const rich = new TextDecoder().decode((await exportToBytes(fixture.project.id, { format: "jsonl-rich", layers: "mixed" })).bytes);
  expect(rich).toContain('"type":"part of"');
  const brat = await exportToBytes(fixture.project.id, { format: "brat" });
  expect((brat.summary as unknown as { typeNames: Record<string, string> }).typeNames["part of"]).toBe("part_of");
});

test("a relation type's count of uses counts only the relations the reader may see (blind annotation)", async () => {
  const { createProject } = await import("@/lib/server/projects/create-project");
  const { createAnnotation } = await import("@/lib/server/annotations/create-annotation");
  const suffix = uuidv7();
  const [owner, ann, other] = await Promise.all(["owner", "ann", "other"].map((name) => db.user.create({ data: { email: `${name}-${suffix}@count.test`, name } })));
  const project = await createProject(owner.id, { name: `Count ${suffix}`, description: "", annotatorsSee: "OWN", annotatorsSeeGold: false, viewersSee: "GOLD" });
  await db.membership.createMany({ data: [ann, other].map((u) => ({ projectId: project.id, userId: u.id, role: "ANNOTATOR" as const })) });
  const text = "Kim Jong Un met Putin.";
  const doc = await db.document.create({ data: { projectId: project.id, title: "T", text, contentHash: suffix, length: text.length } });
  const entity = await db.label.findFirstOrThrow({ where: { projectId: project.id, kind: "ENTITY" } });
  const tag = async (userId: string, exact: string) =>
    (await createAnnotation(await access(userId, doc.id), { id: uuidv7(), labelId: entity.id, start: text.indexOf(exact), end: text.indexOf(exact) + exact.length, exact, attributes: {}, note: "" })).annotation;
  const [kim, putin] = [await tag(ann.id, "Kim Jong Un"), await tag(other.id, "Putin")];
  const memberOf = await db.relationType.findFirstOrThrow({ where: { projectId: project.id, name: "member of" } });
  // The owner sees both annotators' work and links them.
  await relations.createRelation(await access(owner.id, doc.id), { id: uuidv7(), typeId: memberOf.id, fromId: kim.id, toId: putin.id });
  const count = async (userId: string) => (await types.listRelationTypes(await projectAccessOf(userId, project.id))).find((t) => t.id === memberOf.id)!.relationCount;
  expect(await count(owner.id)).toBe(1);
  expect(await count(ann.id)).toBe(0);
});
