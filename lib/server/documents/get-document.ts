import "server-only";
import { db } from "@/lib/db";
import type { DocumentAccess } from "@/lib/server/authz";

export async function getDocument(access: DocumentAccess, { withRaw = false } = {}) {
  const document = await db.document.findUniqueOrThrow({
    where: { id: access.documentId },
    select: {
      id: true, projectId: true, title: true, text: true, rawText: withRaw, contentHash: true, length: true,
      fileName: true, sourceUrl: true, publisher: true, publishedOn: true, language: true, createdAt: true,
      project: { select: { name: true } },
    },
  });
  const { project, ...rest } = document;
  return { ...rest, projectName: project.name, trimmed: withRaw ? rest.rawText !== null : undefined, role: access.role };
}
