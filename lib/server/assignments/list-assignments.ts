import "server-only";
import type { DocumentAccess, ProjectAccess } from "@/lib/server/authz";
import { db } from "@/lib/db";
import { PAGE_SIZES, pageOf, type PageQuery } from "@/lib/schemas/page-query";

const ASSIGNMENTS_PAGE = PAGE_SIZES.assignments;

/** Who may be assigned documents: members who can annotate (annotators, curators, owners). */
export async function assignableMembers(projectId: string) {
  const members = await db.membership.findMany({
    where: { projectId, role: { in: ["ANNOTATOR", "CURATOR", "OWNER"] } },
    orderBy: [{ createdAt: "asc" }, { userId: "asc" }],
    select: { role: true, user: { select: { id: true, name: true } } },
  });
  return members.map((m) => ({ userId: m.user.id, name: m.user.name, role: m.role }));
}

/** One page of the project's documents (oldest first) with their assignees and whether each finished, and the total. */
export async function listAssignments(access: ProjectAccess, page: PageQuery = { offset: 0, limit: ASSIGNMENTS_PAGE.fallback }) {
  const { projectId } = access;
  const where = { projectId, deletedAt: null };
  const [members, documents, total] = await Promise.all([
    assignableMembers(projectId),
    db.document.findMany({
      where,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      skip: page.offset,
      take: Math.min(page.limit, ASSIGNMENTS_PAGE.max),
      select: { id: true, title: true, assignments: { orderBy: { createdAt: "asc" }, select: { userId: true, finishedAt: true } } },
    }),
    db.document.count({ where }),
  ]);
  return {
    members,
    documents: documents.map((d) => ({
      id: d.id,
      title: d.title,
      assignees: d.assignments.map((a) => ({ userId: a.userId, finished: a.finishedAt !== null, finishedAt: a.finishedAt })),
    })),
    ...pageOf({ offset: page.offset, limit: Math.min(page.limit, ASSIGNMENTS_PAGE.max) }, documents.length, total),
  };
}

/** One annotator's own queue: the documents assigned to them, unfinished first, at most `limit`. */
export async function listMyAssignments(access: ProjectAccess, { limit = 1000 }: { limit?: number } = {}) {
  const { projectId, userId } = access;
  const rows = await db.documentAssignment.findMany({
    where: { projectId, userId, document: { deletedAt: null } },
    orderBy: [{ finishedAt: { sort: "asc", nulls: "first" } }, { createdAt: "asc" }, { documentId: "asc" }],
    take: limit,
    select: {
      finishedAt: true,
      createdAt: true,
      document: {
        select: {
          id: true, title: true, publishedOn: true, length: true,
          _count: { select: { annotations: { where: { authorId: userId, deletedAt: null, gold: false } } } },
        },
      },
    },
  });
  return rows
    .map((r) => ({
      documentId: r.document.id,
      title: r.document.title,
      publishedOn: r.document.publishedOn,
      length: r.document.length,
      myAnnotations: r.document._count.annotations,
      assignedAt: r.createdAt,
      finished: r.finishedAt !== null,
      finishedAt: r.finishedAt,
    }));
}

/** How many documents are assigned to the caller, and how many of them they finished. */
export async function countMyAssignments(access: ProjectAccess) {
  const where = { projectId: access.projectId, userId: access.userId, document: { deletedAt: null } };
  const [total, finished] = await Promise.all([db.documentAssignment.count({ where }), db.documentAssignment.count({ where: { ...where, finishedAt: { not: null } } })]);
  return { total, finished };
}

/** The caller's assignment of one document, if any. */
export async function myAssignment(access: DocumentAccess) {
  const { documentId, userId } = access;
  const row = await db.documentAssignment.findUnique({ where: { documentId_userId: { documentId, userId } }, select: { finishedAt: true } });
  return row ? { finished: row.finishedAt !== null, finishedAt: row.finishedAt } : null;
}
