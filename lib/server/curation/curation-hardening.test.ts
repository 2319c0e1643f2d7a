// Review findings on curation, on a real PostgreSQL: a gold annotation deleted and taken again,
// two curators deciding competing versions at the same moment, and rejections that would corrupt
// the gold layer (rejecting what is in gold, or keys no annotator proposed).
import { beforeAll, expect, test } from "vitest";
import { uuidv7 } from "@/lib/ids";
import { loadCurationModules, type CurationModules } from "@/lib/testing/curation-modules";
import { asUser, documentAccessOf } from "@/lib/testing/access";

let db: CurationModules["db"];
let curation: CurationModules["curation"];
let create: CurationModules["create"];
let changes: typeof import("@/lib/server/annotations/change-annotation");
let createProject: CurationModules["createProject"];

beforeAll(async () => {
  ({ db, curation, create, createProject } = await loadCurationModules());
  changes = await import("@/lib/server/annotations/change-annotation");
});

const TEXT = "Kim Jong Un met Vladimir Putin in Vladivostok.";
const at = (needle: string) => ({ start: TEXT.indexOf(needle), end: TEXT.indexOf(needle) + needle.length, exact: needle });

/** A project with a second curator and three annotators; `tag` makes an annotator's annotation. */
async function setup(name: string) {
  const [curator, other, amina, bruno, chen] = await Promise.all(
    ["curator", "other", "amina", "bruno", "chen"].map((n) => db.user.create({ data: { email: `${n}@${name}.hardening.local`, name: n } })),
  );
  const project = await createProject(curator.id, { name, description: "" });
  await db.membership.createMany({
    data: [
      { projectId: project.id, userId: other.id, role: "CURATOR" as const },
      ...[amina, bruno, chen].map((u) => ({ projectId: project.id, userId: u.id, role: "ANNOTATOR" as const })),
    ],
  });
  const doc = await db.document.create({ data: { projectId: project.id, title: name, text: TEXT, contentHash: name, length: TEXT.length } });
  const labels = await db.label.findMany({ where: { projectId: project.id } });
  const label = (l: string) => labels.find((x) => x.name === l)!.id;
  const tag = async (user: { id: string }, needle: string, l: string) =>
    create(await documentAccessOf(user.id, doc.id), { id: uuidv7(), labelId: label(l), ...at(needle), attributes: {}, note: "" });
  const gold = () => db.annotation.findMany({ where: { documentId: doc.id, gold: true, deletedAt: null }, select: { id: true, version: true, exact: true, label: { select: { name: true } } }, orderBy: { start: "asc" } });
  const access = await documentAccessOf(curator.id, doc.id);
  const otherAccess = await documentAccessOf(other.id, doc.id);
  const candidate = async (needle: string, l: string) => {
    const view = await curation.curationView(access);
    return view.clusters.flatMap((c) => c.candidates).find((c) => c.exact === needle && c.labelId === label(l))!;
  };
  return { curator, amina, bruno, chen, doc, label, tag, gold, access, otherAccess, candidate };
}

test("a gold annotation deleted by its curator lists its version again, and taking it again puts it back", async () => {
  const s = await setup("retake");
  await s.tag(s.amina, "Vladivostok", "Location");
  await s.tag(s.bruno, "Vladivostok", "Organization");
  const location = await s.candidate("Vladivostok", "Location");
  const organization = await s.candidate("Vladivostok", "Organization");
  await curation.adjudicate(s.access, { action: "take", key: location.key, rejectOthers: [organization.key] });
  const [taken] = await s.gold();
  await changes.deleteAnnotation(asUser(s.curator.id), taken.id, taken.version);

  // Not in gold and not rejected: the curator sees it again and can decide it.
  let view = await curation.curationView(s.access);
  expect(view.clusters.map((c) => c.state)).toEqual(["disagreement"]);
  expect((await s.candidate("Vladivostok", "Location")).status).toBe("removed");
  // Merging again does not put it back behind the curator's back.
  expect(await curation.mergeAgreed(s.access)).toEqual({ merged: 0 });

  await curation.adjudicate(s.access, { action: "take", key: location.key, rejectOthers: [] });
  expect((await s.gold()).map((g) => [g.exact, g.label.name])).toEqual([["Vladivostok", "Location"]]);
  view = await curation.curationView(s.access);
  expect(view.clusters.map((c) => c.state)).toEqual(["settled"]);

  // Deleted again, and this time rejected: settled, with nothing in gold.
  const [again] = await s.gold();
  await changes.deleteAnnotation(asUser(s.curator.id), again.id, again.version);
  await curation.adjudicate(s.access, { action: "reject", keys: [location.key] });
  view = await curation.curationView(s.access);
  expect(view.clusters.map((c) => c.state)).toEqual(["settled"]);
  expect(await s.gold()).toEqual([]);
});

test("two curators taking competing versions at the same moment put exactly one into gold; the other is told", async () => {
  const s = await setup("race");
  await s.tag(s.amina, "Vladivostok", "Location");
  await s.tag(s.bruno, "Vladivostok", "Organization");
  const location = await s.candidate("Vladivostok", "Location");
  const organization = await s.candidate("Vladivostok", "Organization");
  const results = await Promise.allSettled([
    curation.adjudicate(s.access, { action: "take", key: location.key, rejectOthers: [organization.key] }),
    curation.adjudicate(s.otherAccess, { action: "take", key: organization.key, rejectOthers: [location.key] }),
  ]);
  expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
  expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { status: 409 } });
  expect(await s.gold()).toHaveLength(1);
  expect((await curation.curationView(s.access)).clusters.map((c) => c.state)).toEqual(["settled"]);
});

test("a take that rejects a version merged into gold meanwhile is refused, not both put in gold", async () => {
  const s = await setup("mergerace");
  // Location is agreed (two annotators): the merge takes it; Organization is one annotator's.
  await s.tag(s.amina, "Vladivostok", "Location");
  await s.tag(s.bruno, "Vladivostok", "Location");
  await s.tag(s.chen, "Vladivostok", "Organization");
  const location = await s.candidate("Vladivostok", "Location");
  const organization = await s.candidate("Vladivostok", "Organization");
  // The other curator's page still shows Location as agreed, not merged: they take Organization over it.
  expect(await curation.mergeAgreed(s.access)).toEqual({ merged: 1 });
  await expect(curation.adjudicate(s.otherAccess, { action: "take", key: organization.key, rejectOthers: [location.key] })).rejects.toMatchObject({ status: 409 });
  expect((await s.gold()).map((g) => g.label.name)).toEqual(["Location"]);
  expect((await s.candidate("Vladivostok", "Organization")).status).toBe("open");
});

test("rejecting a version in the gold layer is refused (delete the gold annotation instead); the gold copy stays", async () => {
  const s = await setup("rejectgold");
  await s.tag(s.amina, "Vladivostok", "Location");
  await s.tag(s.bruno, "Vladivostok", "Organization");
  const location = await s.candidate("Vladivostok", "Location");
  const organization = await s.candidate("Vladivostok", "Organization");
  await curation.adjudicate(s.access, { action: "take", key: location.key, rejectOthers: [organization.key] });
  await expect(curation.adjudicate(s.otherAccess, { action: "reject", keys: [location.key] })).rejects.toMatchObject({ status: 409 });
  const decision = await db.curationDecision.findUniqueOrThrow({ where: { documentId_candidateKey: { documentId: s.doc.id, candidateKey: location.key } } });
  expect(decision.decision).toBe("TAKEN");
  // Its history says taken, not also rejected.
  const entries = await db.annotationHistory.findMany({ where: { action: "ADJUDICATE", annotation: { documentId: s.doc.id, exact: "Vladivostok", gold: false, authorId: s.amina.id } } });
  expect(entries.map((e) => (e.after as { decision: string }).decision)).toEqual(["TAKEN"]);
});

test("rejecting a span and label no annotator proposed is refused, and does not pre-reject a later annotation", async () => {
  const s = await setup("prereject");
  await s.tag(s.amina, "Vladivostok", "Location");
  const ghost = `${at("Kim Jong Un").start}:${at("Kim Jong Un").end}:${s.label("Person")}`;
  const real = (await s.candidate("Vladivostok", "Location")).key;
  // Nothing is written, not even the real key's rejection sent alongside.
  await expect(curation.adjudicate(s.access, { action: "reject", keys: [real, ghost] })).rejects.toMatchObject({ status: 404 });
  expect(await db.curationDecision.count({ where: { documentId: s.doc.id } })).toBe(0);
  await s.tag(s.amina, "Kim Jong Un", "Person");
  expect((await s.candidate("Kim Jong Un", "Person")).status).toBe("open");
});

test("a gold annotation deleted and taken again: the links and relations of other gold annotations point at the new copy, not the deleted one", async () => {
  const s = await setup("relink");
  const { createRelation } = await import("@/lib/server/relations/relations");
  const TEXT2 = "Kim Jong Un met Vladimir Putin in Vladivostok. The talks were historic, KCNA said.";
  await db.document.update({ where: { id: s.doc.id }, data: { text: TEXT2, length: TEXT2.length } });
  const at2 = (needle: string) => ({ start: TEXT2.indexOf(needle), end: TEXT2.indexOf(needle) + needle.length, exact: needle });
  const about = (await db.relationType.findFirstOrThrow({ where: { projectId: (await db.document.findUniqueOrThrow({ where: { id: s.doc.id } })).projectId, name: "about" } })).id;
  for (const user of [s.amina, s.bruno]) {
    const access = await documentAccessOf(user.id, s.doc.id);
    const tag = async (needle: string, name: string, attributes: Record<string, unknown> = {}) =>
      (await create(access, { id: uuidv7(), labelId: s.label(name), ...at2(needle), attributes, note: "" })).annotation.id;
    const kim = await tag("Kim Jong Un", "Person");
    const kcna = await tag("KCNA", "Organization");
    const meeting = await tag("Kim Jong Un met Vladimir Putin", "Meeting/Visit", { participantIds: [kim] });
    const claim = await tag("The talks were historic", "Claim", { claimantId: kcna, stance: "supportive" });
    await createRelation(access, { id: uuidv7(), typeId: about, fromId: claim, toId: meeting });
  }
  expect(await curation.mergeAgreed(s.access)).toEqual({ merged: 4 });
  const goldRows = () => db.annotation.findMany({ where: { documentId: s.doc.id, gold: true, deletedAt: null }, select: { id: true, version: true, exact: true, attributes: true } });
  const byExact = async (exact: string) => (await goldRows()).find((g) => g.exact === exact)!;

  // The curator deletes the gold KCNA, Kim and meeting, then takes each again.
  for (const exact of ["KCNA", "Kim Jong Un", "Kim Jong Un met Vladimir Putin"]) {
    const g = await byExact(exact);
    await changes.deleteAnnotation(asUser(s.curator.id), g.id, g.version);
  }
  const view = await curation.curationView(s.access);
  const removed = view.clusters.flatMap((c) => c.candidates).filter((c) => c.status === "removed");
  expect(removed.map((c) => c.exact).sort()).toEqual(["KCNA", "Kim Jong Un", "Kim Jong Un met Vladimir Putin"]);
  for (const c of removed) await curation.adjudicate(s.access, { action: "take", key: c.key, rejectOthers: [] });

  const kcna = await byExact("KCNA");
  const kim = await byExact("Kim Jong Un");
  const meeting = await byExact("Kim Jong Un met Vladimir Putin");
  const claim = await byExact("The talks were historic");
  expect(claim.attributes).toEqual({ claimantId: kcna.id, stance: "supportive" });
  expect(meeting.attributes).toEqual({ participantIds: [kim.id] });
  const relations = await db.relation.findMany({ where: { documentId: s.doc.id, deletedAt: null, from: { gold: true, deletedAt: null }, to: { deletedAt: null } }, select: { fromId: true, toId: true } });
  expect(relations).toEqual([{ fromId: claim.id, toId: meeting.id }]);
  // A gold-only export has them once each, nothing dropped or pointing at the deleted copies.
  const { exportToBytes } = await import("@/lib/testing/tricky-project");
  const projectId = (await db.document.findUniqueOrThrow({ where: { id: s.doc.id } })).projectId;
  const rich = await exportToBytes(projectId, { format: "jsonl-rich", layers: "gold" });
  expect(rich.summary).toMatchObject({ annotations: 4, relations: 3, relationsDropped: 0 });
  const line = JSON.parse(Buffer.from(rich.bytes).toString("utf8").trim()) as { relations: { type: string }[] };
  expect(line.relations.map((r) => r.type).sort()).toEqual(["about", "claimant", "participant"]);
});

test("a correction whose span and label a curator rejected earlier goes into gold (the newer decision), instead of a misleading 409", async () => {
  const s = await setup("editrejected");
  await s.tag(s.amina, "Putin", "Person");
  await s.tag(s.bruno, "Vladimir Putin", "Person");
  const short = await s.candidate("Putin", "Person");
  const long = await s.candidate("Vladimir Putin", "Person");
  await curation.adjudicate(s.access, { action: "reject", keys: [long.key] });
  // On second thought the curator corrects Amina's "Putin" to the full name — Bruno's rejected version.
  const { gold } = await curation.adjudicate(s.access, { action: "edit", labelId: s.label("Person"), ...at("Vladimir Putin"), basedOn: short.key, rejectOthers: [short.key] });
  expect(gold).toMatchObject({ exact: "Vladimir Putin", gold: true });
  expect((await s.candidate("Vladimir Putin", "Person")).status).toBe("gold");
  expect((await s.candidate("Putin", "Person")).status).toBe("rejected");
  // Taking a rejected version is still refused: that is the stale page of a second curator.
  await s.tag(s.chen, "Vladivostok", "Location");
  const place = await s.candidate("Vladivostok", "Location");
  await curation.adjudicate(s.access, { action: "reject", keys: [place.key] });
  await expect(curation.adjudicate(s.otherAccess, { action: "take", key: place.key, rejectOthers: [] })).rejects.toMatchObject({ status: 409 });
});

test("a take's rejectOthers naming a span no annotator proposes rejects nothing in advance", async () => {
  const s = await setup("ghostreject");
  await s.tag(s.amina, "Vladivostok", "Location");
  const ghost = `${at("Kim Jong Un").start}:${at("Kim Jong Un").end}:${s.label("Person")}`;
  await curation.adjudicate(s.access, { action: "take", key: (await s.candidate("Vladivostok", "Location")).key, rejectOthers: [ghost] });
  await s.tag(s.amina, "Kim Jong Un", "Person");
  expect((await s.candidate("Kim Jong Un", "Person")).status).toBe("open");
});

test("a version already rejected is not rejected again by a later take: one history entry, the first curator's decision", async () => {
  const s = await setup("rerejected");
  await s.tag(s.amina, "Vladivostok", "Location");
  await s.tag(s.bruno, "Vladivostok", "Organization");
  const location = await s.candidate("Vladivostok", "Location");
  const organization = await s.candidate("Vladivostok", "Organization");
  await curation.adjudicate(s.access, { action: "reject", keys: [organization.key] });
  await curation.adjudicate(s.otherAccess, { action: "take", key: location.key, rejectOthers: [organization.key] });
  const entries = await db.annotationHistory.findMany({ where: { action: "ADJUDICATE", annotation: { documentId: s.doc.id, authorId: s.bruno.id } } });
  expect(entries.map((e) => [(e.after as { decision: string }).decision, e.actorId])).toEqual([["REJECTED", s.curator.id]]);
  const decision = await db.curationDecision.findUniqueOrThrow({ where: { documentId_candidateKey: { documentId: s.doc.id, candidateKey: organization.key } } });
  expect(decision.decidedById).toBe(s.curator.id);
});

test("two curators correcting the same version at the same moment put one correction into gold, not both", async () => {
  const s = await setup("editrace");
  await s.tag(s.amina, "Putin", "Person");
  const basis = await s.candidate("Putin", "Person");
  const correct = (access: typeof s.access, needle: string) =>
    curation.adjudicate(access, { action: "edit", labelId: s.label("Person"), ...at(needle), basedOn: basis.key, rejectOthers: [basis.key] });
  const results = await Promise.allSettled([correct(s.access, "Vladimir Putin"), correct(s.otherAccess, "Vladimir")]);
  expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
  expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { status: 409 } });
  expect(await s.gold()).toHaveLength(1);
  // Also one after the other: the second curator's page was stale.
  await s.tag(s.amina, "Vladivostok", "Location");
  const place = await s.candidate("Vladivostok", "Location");
  await curation.adjudicate(s.access, { action: "take", key: place.key, rejectOthers: [] });
  await expect(curation.adjudicate(s.otherAccess, { action: "edit", labelId: s.label("Organization"), ...at("Vladivostok"), basedOn: place.key, rejectOthers: [place.key] })).rejects.toMatchObject({ status: 409 });
  expect((await s.gold()).map((g) => g.label.name).sort()).toEqual(["Location", "Person"]);
});

test("an annotator withdrawing their annotation while the merge runs: the span no longer agreed on does not go into gold", async () => {
  const s = await setup("withdraw");
  const { lockDocumentChanges } = await import("@/lib/server/annotations/notify");
  await s.tag(s.amina, "Vladivostok", "Location");
  const bruno = (await s.tag(s.bruno, "Vladivostok", "Location")).annotation;
  expect((await curation.curationView(s.access)).mergeable).toBe(1);
  // Bruno's deletion holds the document's change lock; the merge reads the document before it
  // commits and waits for the lock; then the deletion commits.
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let deleting!: Promise<unknown>;
  const locked = new Promise<void>((resolve) => {
    deleting = db.$transaction(async (tx) => {
      await lockDocumentChanges(tx, s.doc.id);
      await tx.annotation.update({ where: { id: bruno.id }, data: { deletedAt: new Date(), version: { increment: 1 } } });
      resolve();
      await released;
    }, { timeout: 20_000 });
  });
  await locked;
  const merging = curation.mergeAgreed(s.access);
  await expect.poll(async () => (await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`)[0].n, { timeout: 10_000 }).toBeGreaterThan(0n);
  release();
  await deleting;
  expect(await merging).toEqual({ merged: 0 });
  expect(await s.gold()).toEqual([]);
  // Amina's version is listed, waiting for a curator.
  expect((await s.candidate("Vladivostok", "Location")).status).toBe("open");
});

test("a curator demoted to annotator can no longer change or delete the gold annotations they made", async () => {
  const s = await setup("demoted");
  await s.tag(s.amina, "Vladivostok", "Location");
  const location = await s.candidate("Vladivostok", "Location");
  await curation.adjudicate(s.otherAccess, { action: "take", key: location.key, rejectOthers: [] });
  const [taken] = await s.gold();
  const { authorId } = await db.annotation.findUniqueOrThrow({ where: { id: taken.id }, select: { authorId: true } });
  // While a curator, they change the gold annotation they made.
  expect((await changes.updateAnnotation(asUser(authorId), taken.id, { version: taken.version, note: "checked" })).note).toBe("checked");
  const [gold] = await s.gold();
  const { projectId } = await db.document.findUniqueOrThrow({ where: { id: s.doc.id }, select: { projectId: true } });
  await db.membership.update({ where: { projectId_userId: { projectId, userId: authorId } }, data: { role: "ANNOTATOR" } });

  await expect(changes.updateAnnotation(asUser(authorId), gold.id, { version: gold.version, note: "mine now" })).rejects.toMatchObject({ status: 403 });
  await expect(changes.deleteAnnotation(asUser(authorId), gold.id, gold.version)).rejects.toMatchObject({ status: 403 });
  expect(await s.gold()).toEqual([gold]);
});
