import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { uuidv7 } from "@/lib/ids";
import { nativeFileSchema, type NativeFile } from "@/lib/formats/native";
import { AppError } from "@/lib/server/errors";

// Restores a project from the native format, all or nothing, keeping every id: importing into an
// empty instance reproduces the project, and importing the same file again finds it already
// there and writes nothing. People are matched by email; a person not on this instance is
// created without a password (they sign in through a provider, or an owner resets it).

export type NativeImportReport = {
  dryRun: boolean;
  status: "created" | "ready" | "already-present";
  project: { id: string; name: string };
  counts: { documents: number; annotations: number; reviews: number; comments: number; history: number; curationDecisions: number; assignments: number; relations: number };
  users: { matched: number; created: number };
  /** Set when the importer was not among the file's members and was added as owner to see the project. */
  addedImporterAsOwner: boolean;
};

export function parseNativeFile(data: unknown): NativeFile {
  const parsed = nativeFileSchema.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "file"}: ${i.message}`).join("; ");
    throw new AppError("INVALID_INPUT", `This is not a readable workbench export — ${first}`);
  }
  return parsed.data;
}

/** Every id a row points at must be in the file: a clear message instead of a foreign-key error. */
function checkReferences(file: NativeFile) {
  const users = new Set(file.users.map((u) => u.id));
  const labels = new Set(file.labels.map((l) => l.id));
  const types = new Set(file.relationTypes.map((t) => t.id));
  const items = new Set(file.canonicalItems.map((c) => c.id));
  const problems: string[] = [];
  const need = (ok: boolean, what: string) => ok || problems.push(what);
  for (const m of file.members) need(users.has(m.userId), `member ${m.userId} is not among the users`);
  for (const d of file.documents) {
    const annotationIds = new Set(d.annotations.map((a) => a.id));
    for (const a of d.annotations) {
      need(labels.has(a.labelId), `annotation ${a.id} has label ${a.labelId}, which is not among the labels`);
      need(users.has(a.authorId), `annotation ${a.id} has author ${a.authorId}, who is not among the users`);
      for (const r of a.reviews) need(users.has(r.reviewerId), `review ${r.id} is by ${r.reviewerId}, who is not among the users`);
      for (const c of a.comments) need(users.has(c.authorId), `comment ${c.id} is by ${c.authorId}, who is not among the users`);
      for (const h of a.history) need(users.has(h.actorId), `history entry ${h.id} is by ${h.actorId}, who is not among the users`);
      const comments = new Set(a.comments.map((c) => c.id));
      for (const c of a.comments) need(c.parentId === null || comments.has(c.parentId), `comment ${c.id} replies to ${c.parentId}, which is not a comment on the same annotation`);
    }
    for (const c of d.curationDecisions) need(users.has(c.decidedById), `curation decision ${c.id} is by ${c.decidedById}, who is not among the users`);
    for (const s of d.assignments) need(users.has(s.userId), `an assignment of document ${d.id} is for ${s.userId}, who is not among the users`);
    need(annotationIds.size === d.annotations.length, `document ${d.id} lists an annotation twice`);
    for (const a of d.annotations) need(a.canonicalId === null || items.has(a.canonicalId), `annotation ${a.id} links to ${a.canonicalId}, which is not among the canonical items`);
    for (const s of d.suggestions) {
      need(items.has(s.canonicalId), `suggestion ${s.id} is of ${s.canonicalId}, which is not among the canonical items`);
      need(s.annotationId === null || annotationIds.has(s.annotationId), `suggestion ${s.id} was accepted as ${s.annotationId}, which is not in its document`);
    }
    for (const r of d.relations) {
      need(types.has(r.typeId), `relation ${r.id} has type ${r.typeId}, which is not among the relation types`);
      need(annotationIds.has(r.fromId) && annotationIds.has(r.toId), `relation ${r.id} links annotations that are not in its document`);
      need(users.has(r.authorId), `relation ${r.id} is by ${r.authorId}, who is not among the users`);
    }
  }
  if (problems.length) throw new AppError("INVALID_INPUT", `The file is inconsistent: ${problems.slice(0, 5).join("; ")}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ""}`);
}

export async function importNative(file: NativeFile, importerId: string | null, { dryRun = false } = {}): Promise<NativeImportReport> {
  checkReferences(file);
  const counts = {
    documents: file.documents.length,
    annotations: 0, reviews: 0, comments: 0, history: 0, curationDecisions: 0, assignments: 0, relations: 0,
  };
  for (const d of file.documents) {
    counts.annotations += d.annotations.length;
    counts.curationDecisions += d.curationDecisions.length;
    counts.assignments += d.assignments.length;
    counts.relations += d.relations.length;
    for (const a of d.annotations) {
      counts.reviews += a.reviews.length;
      counts.comments += a.comments.length;
      counts.history += a.history.length;
    }
  }
  const base = { project: { id: file.project.id, name: file.project.name }, counts };

  const existing = await db.project.findUnique({ where: { id: file.project.id }, select: { id: true } });
  if (existing) return { ...base, dryRun, status: "already-present", users: { matched: 0, created: 0 }, addedImporterAsOwner: false };

  // People: the same email is the same person; otherwise keep the id unless it is taken.
  const emails = file.users.map((u) => u.email.trim().toLowerCase());
  const [byEmail, byId] = await Promise.all([
    db.user.findMany({ where: { email: { in: emails } }, select: { id: true, email: true } }),
    db.user.findMany({ where: { id: { in: file.users.map((u) => u.id) } }, select: { id: true } }),
  ]);
  const emailToId = new Map(byEmail.map((u) => [u.email, u.id]));
  const takenIds = new Set(byId.map((u) => u.id));
  const userId = new Map<string, string>();
  const newUsers: { id: string; email: string; name: string }[] = [];
  for (const u of file.users) {
    const email = u.email.trim().toLowerCase();
    const match = emailToId.get(email);
    if (match) userId.set(u.id, match);
    else {
      const id = takenIds.has(u.id) ? uuidv7() : u.id;
      userId.set(u.id, id);
      newUsers.push({ id, email, name: u.name });
      emailToId.set(email, id);
    }
  }
  const who = (id: string) => userId.get(id)!;
  const addImporter = importerId !== null && !file.members.some((m) => who(m.userId) === importerId);
  const report: NativeImportReport = { ...base, dryRun, status: dryRun ? "ready" : "created", users: { matched: file.users.length - newUsers.length, created: newUsers.length }, addedImporterAsOwner: addImporter };
  if (dryRun) return report;

  try {
    await db.$transaction(
      async (tx) => {
        await tx.user.createMany({ data: newUsers });
        const p = file.project;
        await tx.project.create({ data: p });
        await tx.label.createMany({ data: file.labels.map((l) => ({ ...l, projectId: p.id })) });
        await tx.relationType.createMany({ data: file.relationTypes.map((t) => ({ ...t, projectId: p.id })) });
        await tx.canonicalItem.createMany({ data: file.canonicalItems.map((c) => ({ ...c, projectId: p.id })) });
        await tx.membership.createMany({ data: file.members.map((m) => ({ projectId: p.id, userId: who(m.userId), role: m.role, createdAt: m.createdAt })) });
        if (addImporter) await tx.membership.create({ data: { projectId: p.id, userId: importerId!, role: "OWNER" } });
        for (const d of file.documents) await importDocument(tx, p.id, d, who);
      },
      { timeout: 10 * 60_000, maxWait: 10_000 },
    );
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") {
      throw new AppError("CONFLICT", "Some of this file's documents or annotations already exist on this instance in another project; nothing was imported.");
    }
    throw error;
  }
  return report;
}

async function importDocument(tx: Prisma.TransactionClient, projectId: string, d: NativeFile["documents"][number], who: (id: string) => string) {
  const { annotations, curationDecisions, assignments, relations, suggestions, createdById, ...document } = d;
  await tx.document.create({ data: { ...document, projectId, createdById: (createdById && who(createdById)) ?? null } });
  await tx.annotation.createMany({
    data: annotations.map(({ reviews: _r, comments: _c, history: _h, authorId, attributes, ...a }) => ({
      ...a, projectId, documentId: d.id, authorId: who(authorId), attributes: attributes as Prisma.InputJsonObject,
    })),
  });
  await tx.review.createMany({ data: annotations.flatMap((a) => a.reviews.map((r) => ({ ...r, annotationId: a.id, reviewerId: who(r.reviewerId) }))) });
  // Threads before their replies, so every reply's parent exists when it is written.
  const comments = annotations.flatMap((a) => a.comments.map((c) => ({ ...c, annotationId: a.id, authorId: who(c.authorId) })));
  await tx.annotationComment.createMany({ data: comments.filter((c) => c.parentId === null) });
  await tx.annotationComment.createMany({ data: comments.filter((c) => c.parentId !== null) });
  await tx.annotationHistory.createMany({
    data: annotations.flatMap((a) =>
      a.history.map((h) => ({ ...h, annotationId: a.id, actorId: who(h.actorId), before: (h.before ?? undefined) as Prisma.InputJsonValue | undefined, after: (h.after ?? undefined) as Prisma.InputJsonValue | undefined })),
    ),
  });
  await tx.suggestion.createMany({ data: suggestions.map((s) => ({ ...s, projectId, documentId: d.id, decidedById: (s.decidedById && who(s.decidedById)) ?? null })) });
  await tx.relation.createMany({ data: relations.map((r) => ({ ...r, projectId, documentId: d.id, authorId: who(r.authorId) })) });
  await tx.curationDecision.createMany({ data: curationDecisions.map((c) => ({ ...c, documentId: d.id, decidedById: who(c.decidedById) })) });
  await tx.documentAssignment.createMany({
    data: assignments.map((s) => ({ ...s, documentId: d.id, projectId, userId: who(s.userId), assignedById: (s.assignedById && who(s.assignedById)) ?? null })),
  });
}
