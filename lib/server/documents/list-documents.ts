import "server-only";
import { visibleAnnotations, type ProjectAccess } from "@/lib/server/authz";
import { db } from "@/lib/db";

export async function listDocuments(access: ProjectAccess) {
  const { projectId } = access;
  const documents = await db.document.findMany({
    where: { projectId, deletedAt: null },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true, title: true, length: true, fileName: true, sourceUrl: true, publisher: true, publishedOn: true,
      language: true, createdAt: true, rawText: false,
      // Counts only what the reader may see, or the count would tell of others' hidden work.
      _count: { select: { annotations: { where: { deletedAt: null, AND: [visibleAnnotations(access)] } } } },
    },
  });
  return documents.map(({ _count, ...d }) => ({ ...d, annotationCount: _count.annotations }));
}
