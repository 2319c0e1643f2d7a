import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { uuidv7 } from "@/lib/ids";
import { authorize, type DocumentAccess, type ProjectAccess } from "@/lib/server/authz";
import type { DocumentDetails, DocumentField } from "@/lib/schemas/document";

export type DetailsChange = Partial<Record<DocumentField, { from: string | string[] | null; to: string | string[] | null }>>;

const DETAILS = { id: true, title: true, publisher: true, author: true, publishedOn: true, sourceUrl: true, language: true, tags: true } as const;
type Current = { id: string; title: string; publisher: string | null; author: string | null; publishedOn: string | null; sourceUrl: string | null; language: string | null; tags: string[] };

/** What `input` changes in `current` ("" clears a value to null; the title always has one). */
export function diffDetails(current: Current, input: DocumentDetails): DetailsChange {
  const changes: DetailsChange = {};
  for (const [key, value] of Object.entries(input) as [DocumentField, string | string[] | undefined][]) {
    if (value === undefined) continue;
    if (key === "tags") {
      const to = value as string[];
      if (to.length !== current.tags.length || to.some((t, i) => t !== current.tags[i])) changes.tags = { from: current.tags, to };
      continue;
    }
    const to = value === "" ? null : (value as string);
    if (to !== current[key]) changes[key] = { from: current[key], to };
  }
  return changes;
}

const dataOf = (changes: DetailsChange): Prisma.DocumentUpdateInput =>
  Object.fromEntries(Object.entries(changes).map(([key, change]) => [key, change!.to]));

/**
 * Curators and owners correct a document's details. Every change is kept in the document's
 * history (who, when, from what to what); a request that changes nothing writes nothing.
 */
export async function updateDocumentDetails(access: DocumentAccess, input: DocumentDetails) {
  authorize(access, "curate");
  return db.$transaction(async (tx) => {
    // Two curators editing at once: the second sees the first's values, and its history says so.
    await tx.$executeRaw`SELECT 1 FROM "Document" WHERE id = ${access.documentId}::uuid FOR UPDATE`;
    const current = await tx.document.findUniqueOrThrow({ where: { id: access.documentId }, select: DETAILS });
    const changes = diffDetails(current, input);
    if (Object.keys(changes).length === 0) return { document: current, changes };
    const document = await tx.document.update({ where: { id: access.documentId }, data: dataOf(changes), select: DETAILS });
    await tx.documentRevision.create({ data: { id: uuidv7(), documentId: access.documentId, userId: access.userId, changes: changes as Prisma.InputJsonValue } });
    return { document, changes };
  });
}

/** Writes many documents' changes in one transaction (the CSV bulk update), each with its history entry. */
export async function applyDetailsChanges(access: ProjectAccess, changed: { documentId: string; changes: DetailsChange }[]) {
  authorize(access, "curate");
  await db.$transaction(async (tx) => {
    for (const { documentId, changes } of changed) {
      const { count } = await tx.document.updateMany({ where: { id: documentId, projectId: access.projectId }, data: dataOf(changes) as Prisma.DocumentUpdateManyMutationInput });
      if (count !== 1) throw new Error(`document ${documentId} vanished during the update`);
      await tx.documentRevision.create({ data: { id: uuidv7(), documentId, userId: access.userId, changes: changes as Prisma.InputJsonValue, via: "csv" } });
    }
  }, { timeout: 60_000 });
}

/** The document's details history, newest first. */
export async function listDocumentRevisions(access: DocumentAccess) {
  const revisions = await db.documentRevision.findMany({
    where: { documentId: access.documentId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 200,
    select: { id: true, changes: true, via: true, createdAt: true, user: { select: { id: true, name: true } } },
  });
  return { revisions: revisions.map(({ user, ...r }) => ({ ...r, changes: r.changes as DetailsChange, by: user ? { id: user.id, name: user.name } : null })) };
}
