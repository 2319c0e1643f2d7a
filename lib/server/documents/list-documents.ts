import "server-only";
import type { ProjectAccess } from "@/lib/server/authz";
import { db } from "@/lib/db";

export async function listDocuments(access: ProjectAccess) {
  const { projectId } = access;
  const documents = await db.document.findMany({
    where: { projectId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true, title: true, length: true, fileName: true, sourceUrl: true, publisher: true, publishedOn: true,
      language: true, createdAt: true, rawText: false,
      _count: { select: { annotations: { where: { deletedAt: null } } } },
    },
  });
  return documents.map(({ _count, ...d }) => ({ ...d, annotationCount: _count.annotations }));
}
