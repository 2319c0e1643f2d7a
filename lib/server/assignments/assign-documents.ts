import "server-only";
import { roleMay, type DocumentAccess, type ProjectAccess } from "@/lib/server/authz";
import type { z } from "zod";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { setAssigneesSchema, spreadAssignmentsSchema } from "@/lib/schemas/assignment";
import { AppError, notFound } from "@/lib/server/errors";
import { assignableMembers } from "@/lib/server/assignments/list-assignments";

// Assignment changes of one project are serialised (row lock on the project), so two curators
// spreading at once cannot both fill the same free slot.
const lockProject = (tx: Prisma.TransactionClient, projectId: string) =>
  tx.$queryRaw`SELECT 1 FROM "Project" WHERE id = ${projectId}::uuid FOR UPDATE`;

async function checkAssignable(tx: Prisma.TransactionClient, projectId: string, userIds: string[]) {
  if (userIds.length === 0) return;
  const members = await tx.membership.findMany({ where: { projectId, userId: { in: userIds } }, select: { userId: true, role: true } });
  const byId = new Map(members.map((m) => [m.userId, m.role]));
  const missing = userIds.filter((id) => !byId.has(id));
  if (missing.length) throw new AppError("INVALID_INPUT", `Not a member of this project: ${missing.join(", ")}`);
  // Assignees must be people who may annotate (the permission table), not viewers.
  const viewers = userIds.filter((id) => !roleMay(byId.get(id)!, "annotate"));
  if (viewers.length) throw new AppError("INVALID_INPUT", "Viewers cannot be assigned documents: give them the annotator role first.");
}

/** Sets exactly who works on one document: new assignees are added, the others removed. */
export async function setDocumentAssignees(access: ProjectAccess, input: z.infer<typeof setAssigneesSchema>) {
  const { projectId, userId: curatorId } = access;
  const userIds = [...new Set(input.userIds)];
  return db.$transaction(async (tx) => {
    await lockProject(tx, projectId);
    const document = await tx.document.findFirst({ where: { id: input.documentId, projectId, deletedAt: null }, select: { id: true } });
    if (!document) throw notFound("Document not found");
    await checkAssignable(tx, projectId, userIds);
    await tx.documentAssignment.deleteMany({ where: { documentId: document.id, userId: { notIn: userIds } } });
    await tx.documentAssignment.createMany({
      data: userIds.map((userId) => ({ documentId: document.id, userId, projectId, assignedById: curatorId })),
      skipDuplicates: true,
    });
    const now = await tx.documentAssignment.findMany({ where: { documentId: document.id }, orderBy: { createdAt: "asc" }, select: { userId: true, finishedAt: true } });
    return { documentId: document.id, assignees: now.map((a) => ({ userId: a.userId, finished: a.finishedAt !== null })) };
  });
}

/**
 * Gives every chosen document `perDocument` assignees, keeping the ones it already has and
 * filling the gaps with whoever has the fewest assignments in the project (ties in member
 * order), so the work ends up spread as evenly as the existing assignments allow.
 */
export async function spreadAssignments(access: ProjectAccess, input: z.infer<typeof spreadAssignmentsSchema>) {
  const { projectId, userId: curatorId } = access;
  return db.$transaction(async (tx) => {
    await lockProject(tx, projectId);
    const annotatorIds = input.annotatorIds
      ? [...new Set(input.annotatorIds)]
      : (await assignableMembers(projectId)).filter((m) => m.role === "ANNOTATOR").map((m) => m.userId);
    await checkAssignable(tx, projectId, annotatorIds);
    if (annotatorIds.length < input.perDocument) {
      throw new AppError(
        "INVALID_INPUT",
        `${input.perDocument} annotators per document needs at least ${input.perDocument} annotators; there ${annotatorIds.length === 1 ? "is" : "are"} ${annotatorIds.length}.`,
      );
    }
    const documents = await tx.document.findMany({
      where: { projectId, deletedAt: null, ...(input.documentIds ? { id: { in: input.documentIds } } : {}) },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true },
    });
    if (input.documentIds && documents.length !== new Set(input.documentIds).size) throw notFound("Some of these documents are not in this project");
    const existing = await tx.documentAssignment.findMany({ where: { projectId }, select: { documentId: true, userId: true } });
    const load = new Map(annotatorIds.map((id) => [id, 0]));
    const onDocument = new Map<string, Set<string>>();
    for (const a of existing) {
      if (load.has(a.userId)) load.set(a.userId, load.get(a.userId)! + 1);
      if (!onDocument.has(a.documentId)) onDocument.set(a.documentId, new Set());
      onDocument.get(a.documentId)!.add(a.userId);
    }
    const order = new Map(annotatorIds.map((id, i) => [id, i]));
    const created: { documentId: string; userId: string }[] = [];
    for (const { id: documentId } of documents) {
      const assigned = onDocument.get(documentId) ?? new Set<string>();
      const need = input.perDocument - assigned.size;
      if (need <= 0) continue;
      const picks = annotatorIds
        .filter((a) => !assigned.has(a))
        .sort((a, b) => load.get(a)! - load.get(b)! || order.get(a)! - order.get(b)!)
        .slice(0, need);
      for (const userId of picks) {
        load.set(userId, load.get(userId)! + 1);
        created.push({ documentId, userId });
      }
    }
    await tx.documentAssignment.createMany({ data: created.map((c) => ({ ...c, projectId, assignedById: curatorId })) });
    return { created: created.length, assignments: created };
  });
}

/** An assignee marks their document finished (keeping the first time they did) or reopens it. */
export async function markFinished(access: DocumentAccess, finished: boolean) {
  const { documentId, userId } = access;
  const key = { documentId_userId: { documentId, userId } };
  const current = await db.documentAssignment.findUnique({ where: key, select: { finishedAt: true } });
  if (!current) throw new AppError("CONFLICT", "This document is not assigned to you, so there is nothing to mark finished. Ask a curator to assign it.");
  const finishedAt = finished ? (current.finishedAt ?? new Date()) : null;
  if (finishedAt !== current.finishedAt) await db.documentAssignment.update({ where: key, data: { finishedAt } });
  return { documentId, finished, finishedAt };
}
