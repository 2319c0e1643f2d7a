import "server-only";
import { db } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";
import { isUuid, resolveDocument, sqlScope, type Caller, type DocumentAccess } from "@/lib/server/authz";
import { sqlPool } from "@/lib/server/db/sql-pool";

export async function getDocument(access: DocumentAccess, { withRaw = false } = {}) {
  const document = await db.document.findUniqueOrThrow({
    where: { id: access.documentId },
    select: {
      id: true, projectId: true, title: true, text: true, rawText: withRaw, originalHtml: withRaw, contentHash: true, length: true,
      fileName: true, sourceUrl: true, publisher: true, publishedOn: true, language: true, author: true, tags: true, createdAt: true,
      project: { select: { name: true } },
    },
  });
  const { project, ...rest } = document;
  return { ...rest, projectName: project.name, trimmed: withRaw ? rest.rawText !== null : undefined, role: access.role };
}

/** Whether a document kept its untrimmed original or a web page, without reading either (they can be megabytes). */
export async function keptOriginals(access: DocumentAccess): Promise<{ rawText: boolean; originalHtml: boolean }> {
  const { rows } = await sqlPool().query<{ raw: boolean; html: boolean }>(
    `SELECT "rawText" IS NOT NULL AS raw, "originalHtml" IS NOT NULL AS html FROM "Document" WHERE id = $1`,
    [access.documentId],
  );
  return { rawText: rows[0]?.raw ?? false, originalHtml: rows[0]?.html ?? false };
}

// The document with the caller's role in one statement (the API's most frequent read after the
// annotation list): no row when the caller is not a member in a role that may "read" ($3), the
// document is outside an API token's projects ($4, null for a browser session), or there is none.
const documentSql = (withRaw: boolean) => `
SELECT d.id, d."projectId", d.title, d.text, ${withRaw ? `d."rawText", d."originalHtml", ` : ""}d."contentHash", d.length, d."fileName", d."sourceUrl",
  d.publisher, d."publishedOn", d.language, d.author, d.tags, d."createdAt", p.name AS "projectName", m.role
FROM "Document" d
JOIN "Membership" m ON m."projectId" = d."projectId" AND m."userId" = $2::uuid AND m.role = ANY($3::"Role"[])
JOIN "Project" p ON p.id = d."projectId"
WHERE d.id = $1::uuid AND d."deletedAt" IS NULL AND ($4::uuid[] IS NULL OR d."projectId" = ANY($4::uuid[]))`;
const SQL = { plain: documentSql(false), withRaw: documentSql(true) };

type Row = Omit<Awaited<ReturnType<typeof getDocument>>, "trimmed"> & { rawText?: string | null; originalHtml?: string | null; role: Role };

/** getDocument() for a caller whose access is not yet checked (the route handler); 404 as usual. */
export async function getDocumentAsMember(caller: Caller, documentId: string, { withRaw = false } = {}) {
  if (isUuid(documentId) && isUuid(caller.userId)) {
    const { roles, projectIds } = sqlScope(caller, "read");
    const { rows } = await sqlPool().query<Row>(withRaw ? SQL.withRaw : SQL.plain, [documentId, caller.userId, roles, projectIds]);
    if (rows[0]) {
      const { role, ...rest } = rows[0];
      return { ...rest, trimmed: withRaw ? rest.rawText !== null : undefined, role };
    }
  }
  return getDocumentStepByStep(caller, documentId, { withRaw });
}

/** Access first, then the document: the path the one statement must agree with. */
export async function getDocumentStepByStep(caller: Caller, documentId: string, { withRaw = false } = {}) {
  return getDocument(await resolveDocument(caller, documentId, "read"), { withRaw });
}
