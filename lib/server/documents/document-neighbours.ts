import "server-only";
import { db } from "@/lib/db";
import type { DocumentAccess } from "@/lib/server/authz";

// Where a document sits in the order its reader works through: the reader's assignment queue when
// the document is assigned to them (in the order of listMyAssignments: unfinished first, then by
// when assigned), otherwise the project's document order (the document list's default: by when
// imported). Previous and next are found by keyset in the project order, so a project of any size
// costs two indexed lookups and a count; an assignment queue is read whole up to QUEUE_LIMIT ids.

/** More assigned documents than a person can work through; beyond it, the queue is cut here. */
export const QUEUE_LIMIT = 5000;

export type Neighbour = { id: string; title: string };
export type DocumentNeighbours = {
  order: "assignments" | "project";
  /** 1-based place of the document in that order, and how many there are. */
  position: number;
  total: number;
  previous: Neighbour | null;
  next: Neighbour | null;
  /** In the assignment queue: the next document not yet finished (after this one, else from the start). */
  nextUnfinished: Neighbour | null;
};

export async function documentNeighbours(access: DocumentAccess): Promise<DocumentNeighbours> {
  const { projectId, documentId, userId } = access;
  const assigned = await db.documentAssignment.findUnique({ where: { documentId_userId: { documentId, userId } }, select: { documentId: true } });
  return assigned ? queueNeighbours(projectId, documentId, userId) : projectNeighbours(projectId, documentId);
}

async function queueNeighbours(projectId: string, documentId: string, userId: string): Promise<DocumentNeighbours> {
  const rows = await db.documentAssignment.findMany({
    where: { projectId, userId, document: { deletedAt: null } },
    orderBy: [{ finishedAt: { sort: "asc", nulls: "first" } }, { createdAt: "asc" }, { documentId: "asc" }],
    take: QUEUE_LIMIT,
    select: { finishedAt: true, document: { select: { id: true, title: true } } },
  });
  const at = rows.findIndex((r) => r.document.id === documentId);
  const neighbour = (i: number) => (i >= 0 && i < rows.length ? rows[i].document : null);
  const unfinished = (r: (typeof rows)[number]) => r.finishedAt === null && r.document.id !== documentId;
  const after = rows.slice(at + 1).find(unfinished) ?? rows.slice(0, Math.max(at, 0)).find(unfinished);
  return {
    order: "assignments",
    position: at + 1,
    total: rows.length,
    previous: at < 0 ? null : neighbour(at - 1),
    next: at < 0 ? null : neighbour(at + 1),
    nextUnfinished: after?.document ?? null,
  };
}

async function projectNeighbours(projectId: string, documentId: string): Promise<DocumentNeighbours> {
  const { createdAt } = await db.document.findUniqueOrThrow({ where: { id: documentId }, select: { createdAt: true } });
  const live = { projectId, deletedAt: null };
  const before = { OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: documentId } }] };
  const later = { OR: [{ createdAt: { gt: createdAt } }, { createdAt, id: { gt: documentId } }] };
  const [previous, next, earlier, total] = await Promise.all([
    db.document.findFirst({ where: { ...live, ...before }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { id: true, title: true } }),
    db.document.findFirst({ where: { ...live, ...later }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, title: true } }),
    db.document.count({ where: { ...live, ...before } }),
    db.document.count({ where: live }),
  ]);
  return { order: "project", position: earlier + 1, total, previous, next, nextUnfinished: null };
}
