import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { can, visibleAnnotations, type ProjectAccess } from "@/lib/server/authz";
import type { NativeDocument, NativeHeader } from "@/lib/formats/native";
import { DOCUMENT_PAGE } from "@/lib/server/export/read-export-batches";

// Everything of a project for the native (backup) format: the header rows, then each document
// with its annotations (tombstones included) and their reviews, comments and history. One
// document at a time, documents in keyset pages by id.

/**
 * With `reader` (a member's export), email addresses only when they may see members' addresses
 * ("see-member-emails"), and their own; the operator's backup (no reader) keeps them all.
 */
export async function readNativeHeader(projectId: string, reader?: ProjectAccess): Promise<Omit<NativeHeader, "format" | "version">> {
  const [project, labels, members, authors, relationTypes, canonicalItems] = await Promise.all([
    db.project.findUniqueOrThrow({ where: { id: projectId }, select: { id: true, name: true, description: true, peerReview: true, agreementThreshold: true, createdAt: true } }),
    db.label.findMany({ where: { projectId }, orderBy: [{ position: "asc" }, { id: "asc" }], select: { id: true, name: true, kind: true, color: true, hotkey: true, description: true, position: true, createdAt: true } }),
    db.membership.findMany({ where: { projectId }, orderBy: { createdAt: "asc" }, select: { userId: true, role: true, createdAt: true } }),
    // Everyone whose id appears in the project's rows, members or not (a removed annotator's work stays).
    db.$queryRaw<{ id: string }[]>`
      SELECT "authorId" AS id FROM "Annotation" WHERE "projectId" = ${projectId}::uuid
      UNION SELECT r."reviewerId" FROM "Review" r JOIN "Annotation" a ON a.id = r."annotationId" WHERE a."projectId" = ${projectId}::uuid
      UNION SELECT c."authorId" FROM "AnnotationComment" c JOIN "Annotation" a ON a.id = c."annotationId" WHERE a."projectId" = ${projectId}::uuid
      UNION SELECT h."actorId" FROM "AnnotationHistory" h JOIN "Annotation" a ON a.id = h."annotationId" WHERE a."projectId" = ${projectId}::uuid
      UNION SELECT d."decidedById" FROM "CurationDecision" d JOIN "Document" doc ON doc.id = d."documentId" WHERE doc."projectId" = ${projectId}::uuid
      UNION SELECT "createdById" FROM "Document" WHERE "projectId" = ${projectId}::uuid AND "createdById" IS NOT NULL
      UNION SELECT "assignedById" FROM "DocumentAssignment" WHERE "projectId" = ${projectId}::uuid AND "assignedById" IS NOT NULL
      UNION SELECT "authorId" FROM "Relation" WHERE "projectId" = ${projectId}::uuid
      UNION SELECT sd."userId" FROM "SuggestionDecision" sd JOIN "Suggestion" s ON s.id = sd."suggestionId" WHERE s."projectId" = ${projectId}::uuid`,
    db.relationType.findMany({ where: { projectId }, orderBy: [{ position: "asc" }, { id: "asc" }], select: { id: true, name: true, fromKind: true, toKind: true, description: true, position: true, createdAt: true } }),
    db.canonicalItem.findMany({ where: { projectId }, orderBy: { id: "asc" }, select: { id: true, kind: true, name: true, aliases: true, externalIds: true, date: true, description: true, createdAt: true, updatedAt: true } }),
  ]);
  const ids = [...new Set([...members.map((m) => m.userId), ...authors.map((a) => a.id)])];
  const found = await db.user.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" }, select: { id: true, name: true, email: true } });
  const seesEmails = !reader || can(reader, "see-member-emails");
  const users = seesEmails ? found : found.map((u) => (u.id === reader.userId ? u : { ...u, email: "" }));
  return { exportedAt: new Date().toISOString(), project, labels, relationTypes, canonicalItems, users, members };
}

const ANNOTATION_SELECT = {
  id: true, labelId: true, authorId: true, start: true, end: true, exact: true, prefix: true, suffix: true, attributes: true, note: true,
  version: true, reviewState: true, gold: true, goldSources: true, canonicalId: true, deletedAt: true, createdAt: true, updatedAt: true,
  reviews: { orderBy: { createdAt: "asc" }, select: { id: true, reviewerId: true, decision: true, comment: true, annotationVersion: true, createdAt: true, updatedAt: true } },
  comments: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, authorId: true, parentId: true, body: true, resolved: true, seenByAnnotationAuthor: true, createdAt: true } },
  history: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, actorId: true, action: true, version: true, before: true, after: true, createdAt: true } },
} satisfies Prisma.AnnotationSelect;

/**
 * A document's annotations with their reviews, comments and history, in text order, read a page at
 * a time: the client builds each page's nested rows on the server's one thread (20,000 annotations
 * in one read held it about a second). The pages come from one snapshot (a repeatable-read
 * transaction), each after the last row's (start, end, id): a span moved or deleted meanwhile can
 * neither be read twice nor make the pages skip others.
 */
function readAnnotations(documentId: string, visible: Prisma.AnnotationWhereInput) {
  return db.$transaction(
    async (tx) => {
      const annotations: Prisma.AnnotationGetPayload<{ select: typeof ANNOTATION_SELECT }>[] = [];
      let last: { start: number; end: number; id: string } | undefined;
      for (;;) {
        const after: Prisma.AnnotationWhereInput[] = last
          ? [{ OR: [{ start: { gt: last.start } }, { start: last.start, end: { gt: last.end } }, { start: last.start, end: last.end, id: { gt: last.id } }] }]
          : [];
        const page = await tx.annotation.findMany({
          where: { documentId, AND: [visible, ...after] },
          orderBy: [{ start: "asc" }, { end: "asc" }, { id: "asc" }],
          take: NATIVE_ANNOTATION_PAGE,
          select: ANNOTATION_SELECT,
        });
        annotations.push(...page);
        if (page.length < NATIVE_ANNOTATION_PAGE) return annotations;
        last = page.at(-1)!;
      }
    },
    { isolationLevel: "RepeatableRead", timeout: 120_000, maxWait: 30_000 },
  );
}
const NATIVE_ANNOTATION_PAGE = 1000;

/** With `reader` (a member's export): only the annotations they may see, relations between them, and no curation decisions unless they see everything. */
export async function* readNativeDocuments(projectId: string, reader?: ProjectAccess): AsyncGenerator<NativeDocument> {
  const visible = reader ? visibleAnnotations(reader) : {};
  const all = !reader || reader.sees.all;
  let after: string | undefined;
  for (;;) {
    const page = await db.document.findMany({ where: { projectId, deletedAt: null, id: { gt: after } }, orderBy: { id: "asc" }, take: DOCUMENT_PAGE, select: { id: true } });
    for (const { id } of page) {
      const [document, annotations, curationDecisions, assignments, relations, suggestions] = await Promise.all([
        db.document.findUniqueOrThrow({
          where: { id },
          select: { id: true, title: true, text: true, rawText: true, contentHash: true, length: true, fileName: true, sourceUrl: true, publisher: true, publishedOn: true, language: true, author: true, originalHtml: true, createdById: true, createdAt: true },
        }),
        readAnnotations(id, visible),
        db.curationDecision.findMany({ where: { documentId: id, ...(all ? {} : { id: { in: [] } }) }, orderBy: { id: "asc" }, select: { id: true, candidateKey: true, decision: true, decidedById: true, createdAt: true } }),
        db.documentAssignment.findMany({ where: { documentId: id }, orderBy: { userId: "asc" }, select: { userId: true, assignedById: true, finishedAt: true, createdAt: true } }),
        db.relation.findMany({ where: { documentId: id, from: visible, to: visible }, orderBy: { id: "asc" }, select: { id: true, typeId: true, fromId: true, toId: true, authorId: true, deletedAt: true, createdAt: true } }),
        db.suggestion.findMany({
          where: { documentId: id },
          orderBy: { id: "asc" },
          select: {
            id: true, canonicalId: true, start: true, end: true, exact: true, createdAt: true,
            // A member who sees only their own work gets only their own decisions: others' say what they annotated.
            decisions: { where: all ? {} : { userId: reader!.userId }, orderBy: { userId: "asc" }, select: { userId: true, verdict: true, labelId: true, annotationId: true, createdAt: true } },
          },
        }),
      ]);
      yield {
        ...document,
        annotations: annotations.map((a) => ({ ...a, attributes: (a.attributes ?? {}) as Record<string, unknown> })),
        curationDecisions,
        assignments,
        relations,
        suggestions,
      };
    }
    if (page.length < DOCUMENT_PAGE) return;
    after = page.at(-1)!.id;
  }
}
