// Restores on a real PostgreSQL, as an attacker would send them: a workbench file that names
// existing accounts (even as owners) and addresses that have none. A restore through the web acts
// only for the person restoring: nobody else gains an account or a membership, their work keeps
// their name marked "(imported)" until an owner maps them to a member, and the report says nothing
// about which addresses have accounts here. And a restore checks the file's texts and spans as
// strictly as every other import, writing nothing when one is wrong.
import crypto from "node:crypto";
import { beforeAll, expect, test } from "vitest";
import { useTestDatabase } from "@/lib/testing/test-database";
import { ownerAccessOf } from "@/lib/testing/access";
import { exportToBytes } from "@/lib/testing/tricky-project";

let db: typeof import("@/lib/db").db;
let native: typeof import("@/lib/server/import/import-native");
let importAnnotationFiles: typeof import("@/lib/server/import/import-annotation-sets").importAnnotationFiles;
let authors: typeof import("@/lib/server/members/imported-authors");
let fixture: Awaited<ReturnType<typeof import("@/lib/testing/tricky-project").createTrickyProject>>;
let mallory: { id: string; email: string };
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a native file is edited freely here, as an attacker would
type File = any;
let exported: File;

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  native = await import("@/lib/server/import/import-native");
  ({ importAnnotationFiles } = await import("@/lib/server/import/import-annotation-sets"));
  authors = await import("@/lib/server/members/imported-authors");
  fixture = await (await import("@/lib/testing/tricky-project")).createTrickyProject("restore");
  mallory = await db.user.create({ data: { email: "mallory@restore.test", name: "Mallory", passwordHash: "x" }, select: { id: true, email: true } });
  exported = JSON.parse(Buffer.from((await exportToBytes(fixture.project.id, { format: "native" })).bytes).toString("utf8"));
});

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** The same file under new ids throughout (consistently), so it restores as a project of its own. */
function freshCopy(file: File = exported): File {
  const ids = new Map<string, string>();
  return JSON.parse(JSON.stringify(file).replace(UUID, (id) => ids.get(id) ?? (ids.set(id, crypto.randomUUID()), ids.get(id)!)));
}

/** Every account (a row someone could sign in or sign up as) and every membership on the instance. */
async function accountsAndMemberships() {
  const [accounts, memberships] = await Promise.all([
    db.$queryRaw<unknown[]>`SELECT id, email, name, "passwordHash" FROM "User" WHERE email NOT LIKE 'imported:%' ORDER BY id`,
    db.$queryRaw<unknown[]>`SELECT "projectId", "userId", role FROM "Membership" ORDER BY "projectId", "userId"`,
  ]);
  return { accounts, memberships };
}

/** A crafted file: the victims' real addresses, one as the owner, and an address nobody has signed up with yet. */
function craftedFile() {
  const file = freshCopy();
  const owner = file.users.find((u: { email: string }) => u.email === fixture.owner.email);
  const amina = file.users.find((u: { email: string }) => u.email === fixture.amina.email);
  for (const m of file.members) if (m.userId === amina.id) m.role = "OWNER";
  const stranger = { id: crypto.randomUUID(), name: "Not yet signed up", email: "future-victim@restore.test" };
  file.users.push(stranger);
  file.members.push({ userId: stranger.id, role: "OWNER", createdAt: new Date().toISOString() });
  file.documents[0].annotations[0].authorId = stranger.id;
  return { file, owner, amina, stranger };
}

test("a restore through the web makes nobody but the importer an account or a member; the others' work keeps their names as (imported)", async () => {
  const { file } = craftedFile();
  const before = await accountsAndMemberships();
  const report = await native.importNative(native.parseNativeFile(file), mallory.id);
  expect(report).toMatchObject({ status: "created", importedAuthors: 4 });

  const after = await accountsAndMemberships();
  expect(after.accounts).toEqual(before.accounts);
  const inRestored = (m: unknown) => (m as { projectId: string }).projectId === file.project.id;
  expect(after.memberships.filter((m) => !inRestored(m))).toEqual(before.memberships);
  expect(after.memberships.filter(inRestored)).toEqual([{ projectId: file.project.id, userId: mallory.id, role: "OWNER" }]);
  expect(await db.user.count({ where: { email: "future-victim@restore.test" } })).toBe(0);

  // Every annotation, review and comment is there, credited to names that are not accounts.
  const annotations = await db.annotation.findMany({ where: { projectId: file.project.id }, select: { authorId: true, author: { select: { name: true, email: true, passwordHash: true } } } });
  expect(annotations).toHaveLength(report.counts.annotations);
  expect(annotations.map((a) => a.authorId)).not.toContain(fixture.amina.id);
  expect(new Set(annotations.map((a) => a.author.name))).toEqual(new Set([`amina restore (imported)`, `bruno restore (imported)`, "Not yet signed up (imported)", `owner restore (imported)`].filter((n) => annotations.some((a) => a.author.name === n))));
  expect(annotations.every((a) => a.author.email.startsWith("imported:") && a.author.passwordHash === null)).toBe(true);
  const reviewers = await db.review.findMany({ where: { annotation: { projectId: file.project.id } }, select: { reviewer: { select: { name: true } } } });
  expect(reviewers.length).toBe(report.counts.reviews);
  expect(reviewers.every((r) => r.reviewer.name.endsWith(" (imported)"))).toBe(true);

  // Exports show each imported author as their own annotator.
  const csv = Buffer.from((await exportToBytes(file.project.id, { format: "csv" })).bytes).toString("utf8");
  expect(csv).toContain("amina restore (imported)");
  expect(csv).toContain("bruno restore (imported)");

  // Agreement counts each as an annotator under their name; the pages that name layers list them after the members.
  const { projectAgreement } = await import("@/lib/server/agreement/project-agreement");
  expect(Object.values((await projectAgreement(await ownerAccessOf(file.project.id))).annotators)).toEqual(expect.arrayContaining(["amina restore (imported)", "bruno restore (imported)"]));
  const { listProjectAuthors } = await import("@/lib/server/members/list-members");
  const [first, ...rest] = (await listProjectAuthors(await ownerAccessOf(file.project.id))).map((p) => p.name);
  expect(first).toBe("Mallory");
  expect(rest.sort()).toEqual(["Not yet signed up (imported)", "amina restore (imported)", "bruno restore (imported)", "owner restore (imported)"]);

  // The owners see them, with the address the file gave, to map them later.
  const listed = await authors.listImportedAuthors(await ownerAccessOf(file.project.id));
  expect(listed.map((a) => a.originalEmail).sort()).toEqual([fixture.amina.email, fixture.bruno.email, "future-victim@restore.test", fixture.owner.email].sort());

  // Deleting the restored project takes its imported authors with it.
  await db.project.delete({ where: { id: file.project.id } });
  expect(await db.user.count({ where: { importedIntoProjectId: file.project.id } })).toBe(0);
});

test("a native file sent as an annotation-set import acts only for the importer too", async () => {
  const { file } = craftedFile();
  const before = await accountsAndMemberships();
  const report = await importAnnotationFiles(fixture.project.id, mallory.id, [{ name: "backup.json", bytes: new TextEncoder().encode(JSON.stringify(file)) }]);
  expect(report).toMatchObject({ kind: "project", status: "created" });
  const after = await accountsAndMemberships();
  expect(after.accounts).toEqual(before.accounts);
  expect(after.memberships.length).toBe(before.memberships.length + 1);
  expect(await db.membership.findMany({ where: { projectId: file.project.id }, select: { userId: true, role: true } })).toEqual([{ userId: mallory.id, role: "OWNER" }]);
});

test("an API token cannot restore a project through the annotation-set import (tokens never make projects)", async () => {
  const { newTokenSecret, hashTokenSecret, displayPrefix } = await import("@/lib/server/tokens/token-secret");
  const route = await import("@/app/api/projects/[id]/annotation-import/route");
  const secret = newTokenSecret();
  const token = await db.apiToken.create({
    data: { userId: fixture.owner.id, name: "script", tokenHash: hashTokenSecret(secret), prefix: displayPrefix(secret), access: "READ_WRITE" },
  });
  await db.apiTokenProject.create({ data: { tokenId: token.id, projectId: fixture.project.id, userId: fixture.owner.id } });
  const { file } = craftedFile();
  const projectsBefore = await db.project.count();
  const form = new FormData();
  form.append("files", new Blob([JSON.stringify(file)], { type: "application/json" }), "backup.json");
  const answer = await route.POST(
    new Request(`http://local/api/projects/${fixture.project.id}/annotation-import`, { method: "POST", headers: { authorization: `Bearer ${secret}` }, body: form }),
    { params: Promise.resolve({ id: fixture.project.id }) },
  );
  expect(answer.status).toBe(403);
  expect(((await answer.json()) as { error: string }).error).toMatch(/API tokens cannot restore projects/);
  expect(await db.project.count()).toBe(projectsBefore);
});

test("the importer's own entry in the file is them; they own the project whatever role the file gave them", async () => {
  const file = freshCopy();
  file.users.push({ id: crypto.randomUUID(), name: "Mallory elsewhere", email: " MALLORY@restore.test" });
  const me = file.users.at(-1).id;
  file.members.push({ userId: me, role: "VIEWER", createdAt: new Date().toISOString() });
  file.documents[0].annotations[0].authorId = me;
  await native.importNative(native.parseNativeFile(file), mallory.id);
  expect(await db.membership.findMany({ where: { projectId: file.project.id }, select: { userId: true, role: true } })).toEqual([{ userId: mallory.id, role: "OWNER" }]);
  expect((await db.annotation.findUniqueOrThrow({ where: { id: file.documents[0].annotations[0].id } })).authorId).toBe(mallory.id);
});

test("the restore's check says nothing about whether an address has an account here", async () => {
  const known = freshCopy();
  const unknown = structuredClone(known);
  for (const u of unknown.users) u.email = `nobody-${u.id}@restore.test`;
  const [a, b] = await Promise.all([known, unknown].map((f) => native.importNative(native.parseNativeFile(f), mallory.id, { dryRun: true })));
  expect(a).toEqual(b);
  expect(JSON.stringify(a)).not.toMatch(/matched|created"/);
  const real = freshCopy(unknown);
  const written = await native.importNative(native.parseNativeFile(real), mallory.id);
  const writtenKnown = await native.importNative(native.parseNativeFile(freshCopy(known)), mallory.id);
  expect({ ...written, project: undefined }).toEqual({ ...writtenKnown, project: undefined });
});

test("an owner maps an imported author to a member: their annotations, reviews and comments become the member's", async () => {
  const file = freshCopy();
  await native.importNative(native.parseNativeFile(file), mallory.id);
  const projectId = file.project.id;
  const access = await ownerAccessOf(projectId);
  const listed = await authors.listImportedAuthors(access);
  const amina = listed.find((a) => a.originalEmail === fixture.amina.email)!;
  const bruno = listed.find((a) => a.originalEmail === fixture.bruno.email)!;
  expect(amina.name).toBe("amina restore (imported)");
  const aminaWork = {
    annotations: await db.annotation.count({ where: { projectId, authorId: amina.id } }),
    comments: await db.annotationComment.count({ where: { authorId: amina.id } }),
    reviews: await db.review.count({ where: { reviewerId: amina.id } }),
  };
  expect(aminaWork.annotations).toBeGreaterThan(0);

  // Mallory also reviewed one annotation amina (imported) reviewed: one verdict stays, the later.
  const aminaReview = await db.review.findFirst({ where: { reviewerId: amina.id }, select: { annotationId: true, decision: true } });
  if (aminaReview) {
    await db.review.create({ data: { annotationId: aminaReview.annotationId, reviewerId: mallory.id, decision: "REJECTED", annotationVersion: 1, updatedAt: new Date(Date.now() + 60_000) } });
  }
  // Only members, and only this project's imported authors.
  await expect(authors.mapImportedAuthor(access, amina.id, fixture.amina.id)).rejects.toMatchObject({ status: 400 });
  await expect(authors.mapImportedAuthor(await ownerAccessOf(fixture.project.id), amina.id, fixture.owner.id)).rejects.toMatchObject({ status: 404 });
  await expect(authors.mapImportedAuthor(access, mallory.id, mallory.id)).rejects.toMatchObject({ status: 404 });

  const mapped = await authors.mapImportedAuthor(access, amina.id, mallory.id);
  expect(mapped).toMatchObject({ annotations: aminaWork.annotations, comments: aminaWork.comments });
  expect(await db.annotation.count({ where: { projectId, authorId: amina.id } })).toBe(0);
  expect(await db.annotationComment.count({ where: { authorId: amina.id } })).toBe(0);
  expect(await db.review.count({ where: { reviewerId: amina.id } })).toBe(0);
  expect(await db.annotation.count({ where: { projectId, authorId: mallory.id } })).toBe(aminaWork.annotations);
  if (aminaReview) {
    expect(await db.review.findMany({ where: { annotationId: aminaReview.annotationId, reviewerId: mallory.id }, select: { decision: true } })).toEqual([{ decision: "REJECTED" }]);
  }
  // Bruno's work is still his own layer; the list says who amina was mapped to; mapping twice is refused.
  expect(await db.annotation.count({ where: { projectId, authorId: bruno.id } })).toBeGreaterThan(0);
  expect((await authors.listImportedAuthors(access)).find((a) => a.id === amina.id)).toMatchObject({ mappedTo: { id: mallory.id, name: "Mallory" }, annotations: 0 });
  await expect(authors.mapImportedAuthor(access, amina.id, mallory.id)).rejects.toMatchObject({ status: 409 });
  // Still nobody else became a member.
  expect(await db.membership.count({ where: { projectId } })).toBe(1);
});

test("the command line's restore keeps the file's people as accounts and members (the operator's full-fidelity restore)", async () => {
  const { file } = craftedFile();
  const report = await native.importNative(native.parseNativeFile(file), null);
  expect(report).toMatchObject({ status: "created", users: { matched: 3, created: 1 } });
  const members = await db.membership.findMany({ where: { projectId: file.project.id }, select: { userId: true, role: true } });
  expect(members).toContainEqual({ userId: fixture.amina.id, role: "OWNER" });
  expect(await db.user.count({ where: { email: "future-victim@restore.test", passwordHash: null } })).toBe(1);
});

/** A minimal file with one 10-character document; `edit` breaks one thing. */
function smallFile(edit: (d: File) => void): File {
  const text = "Ten chars.";
  const now = new Date().toISOString();
  const label = crypto.randomUUID();
  const user = crypto.randomUUID();
  const document = {
    id: crypto.randomUUID(), title: "Small", text, rawText: null, contentHash: crypto.createHash("sha256").update(text).digest("hex"), length: 10,
    fileName: null, sourceUrl: null, publisher: null, publishedOn: null, language: null, createdById: null, createdAt: now,
    annotations: [{
      id: crypto.randomUUID(), labelId: label, authorId: user, start: 0, end: 3, exact: "Ten", prefix: "", suffix: " chars.", attributes: {}, note: "",
      version: 1, reviewState: "PENDING", gold: false, goldSources: [], canonicalId: null, deletedAt: null, createdAt: now, updatedAt: now, reviews: [], comments: [], history: [],
    }],
    curationDecisions: [], assignments: [], relations: [], suggestions: [],
  };
  edit(document);
  return {
    format: "annotation-workbench", version: 1,
    project: { id: crypto.randomUUID(), name: "Small", description: "", peerReview: false, agreementThreshold: 2, createdAt: now },
    labels: [{ id: label, name: "Person", kind: "ENTITY", color: "#fcd34d", hotkey: null, description: "", position: 0, createdAt: now }],
    users: [{ id: user, name: "Someone", email: "someone@restore.test" }], members: [{ userId: user, role: "OWNER", createdAt: now }],
    documents: [document],
  };
}

const sixMegabytes = "word ".repeat((6 * 1024 * 1024) / 5);
const refusals: [string, (d: File) => void, number, RegExp][] = [
  ["a span far outside its 10-character text", (d) => Object.assign(d.annotations[0], { start: 0, end: 999999 }), 400, /outside the text \(0–10 code points\)/],
  ["a quote that is not the text at its span", (d) => Object.assign(d.annotations[0], { exact: "Six" }), 400, /does not match the text/],
  ["a 6 MB document (the limit is 5 MB, as for an upload)", (d) => Object.assign(d, { text: sixMegabytes, length: sixMegabytes.length, contentHash: crypto.createHash("sha256").update(sixMegabytes).digest("hex") }), 413, /over the limit of 5\.0 MB/],
  ["a contentHash that is not the text's", (d) => Object.assign(d, { contentHash: "0".repeat(64) }), 400, /contentHash is not the sha256 of its text/],
  ["a negative length", (d) => Object.assign(d, { length: -5 }), 400, /length is -5, but its text has 10 code points/],
  ["a text that is not canonical (CRLF)", (d) => Object.assign(d, { text: "Ten\r\nchar.", contentHash: crypto.createHash("sha256").update("Ten\r\nchar.").digest("hex") }), 400, /not in canonical form/],
  ["an empty text", (d) => Object.assign(d, { text: "", length: 0, contentHash: crypto.createHash("sha256").update("").digest("hex"), annotations: [] }), 400, /the text is empty/],
];

for (const [what, edit, status, message] of refusals) {
  test(`a restore with ${what} is refused with a clear message and writes nothing`, async () => {
    const file = smallFile(edit);
    const before = await accountsAndMemberships();
    const projects = await db.project.count();
    for (const importer of [mallory.id, null]) {
      for (const dryRun of [true, false]) {
        const attempt = native.importNative(native.parseNativeFile(file), importer, { dryRun });
        await expect(attempt).rejects.toMatchObject({ status, message: expect.stringMatching(message) });
      }
    }
    expect(await db.project.count()).toBe(projects);
    expect(await accountsAndMemberships()).toEqual(before);
  });
}

test("the same small file, intact, restores", async () => {
  const file = smallFile(() => undefined);
  expect(await native.importNative(native.parseNativeFile(file), mallory.id)).toMatchObject({ status: "created", importedAuthors: 1 });
  expect(await db.annotation.count({ where: { projectId: file.project.id } })).toBe(1);
});

test("annotation sets that name their creators (W3C, doccano) credit the importer and touch no one's account or membership", async () => {
  // Into the tricky project (createProject gives it the default labels, Person among them).
  const projectId = fixture.project.id;
  const w3c = {
    "@context": "http://www.w3.org/ns/anno.jsonld", type: "AnnotationCollection",
    first: { type: "AnnotationPage", items: [{
      type: "Annotation", id: "urn:x:1", creator: { type: "Person", name: "amina restore", email: fixture.amina.email, id: `mailto:${fixture.amina.email}` },
      body: [{ type: "TextualBody", purpose: "tagging", value: "Person" }],
      target: { source: `https://wb.example/documents/${fixture.plainId}`, selector: [{ type: "TextQuoteSelector", exact: "Pyongyang" }] },
    }] },
  };
  const doccano = JSON.stringify({ text: "Someone new wrote about Vladimir Putin here.", label: [[24, 38, "Person"]], user: fixture.owner.email, annotator: fixture.owner.email });
  for (const [name, content] of [["set.jsonld", JSON.stringify(w3c)], ["set.jsonl", doccano]] as const) {
    const before = await accountsAndMemberships();
    const mine = await db.annotation.count({ where: { projectId, authorId: mallory.id } });
    const report = await importAnnotationFiles(projectId, mallory.id, [{ name, bytes: new TextEncoder().encode(content) }]);
    expect(report.kind, name).toBe("annotations");
    const { totals } = report as { totals: { accepted: number; reanchored: number } };
    expect(totals.accepted + totals.reanchored, name).toBe(1);
    expect(await db.annotation.count({ where: { projectId, authorId: mallory.id } })).toBe(mine + 1);
    expect(await accountsAndMemberships()).toEqual(before);
  }
});
