import "server-only";
import type { z } from "zod";
import { db } from "@/lib/db";
import { KIND_WITH_ARTICLE } from "@/lib/labels/palette";
import type { createRelationSchema } from "@/lib/schemas/relation";
import { authorize, resolveResource, visibleAnnotations, type Caller, type DocumentAccess } from "@/lib/server/authz";
import { AppError, notFound } from "@/lib/server/errors";

// Typed, directed links between two live annotations of one document. Anyone who may annotate
// links any two annotations (the link is theirs, the annotations stay their authors'); the
// author of a link (unless since demoted to viewer) or a curator removes it. Ids come from the
// client, so a retry is idempotent.

const SELECT = { id: true, documentId: true, typeId: true, fromId: true, toId: true, authorId: true, createdAt: true } as const;

/** The document's live relations whose both ends the reader may see. */
export async function listDocumentRelations(access: DocumentAccess) {
  const visible = visibleAnnotations(access);
  return db.relation.findMany({
    where: { documentId: access.documentId, deletedAt: null, from: { deletedAt: null, AND: [visible] }, to: { deletedAt: null, AND: [visible] } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: SELECT,
  });
}

export async function createRelation(access: DocumentAccess, input: z.infer<typeof createRelationSchema>) {
  authorize(access, "annotate");
  const { userId } = access;
  const existing = await db.relation.findUnique({ where: { id: input.id }, select: { ...SELECT, projectId: true } });
  if (existing) {
    if (existing.projectId !== access.projectId || existing.authorId !== userId) throw new AppError("CONFLICT", "A relation with this id already exists.");
    const { projectId: _p, ...relation } = existing;
    return { relation, created: false };
  }
  if (input.fromId === input.toId) throw new AppError("INVALID_INPUT", "A relation links two different annotations.");
  const [type, ends] = await Promise.all([
    db.relationType.findFirst({ where: { id: input.typeId, projectId: access.projectId }, select: { name: true, fromKind: true, toKind: true } }),
    db.annotation.findMany({
      where: { id: { in: [input.fromId, input.toId] }, documentId: access.documentId, deletedAt: null, AND: [visibleAnnotations(access)] },
      select: { id: true, label: { select: { kind: true } } },
    }),
  ]);
  if (!type) throw new AppError("INVALID_INPUT", "Unknown relation type: it is not part of this project's scheme.");
  const from = ends.find((a) => a.id === input.fromId);
  const to = ends.find((a) => a.id === input.toId);
  // An annotation the caller may not see answers like one that does not exist.
  if (!from || !to) throw notFound("Annotation not found: both ends must be live annotations of this document.");
  if (from.label.kind !== type.fromKind || to.label.kind !== type.toKind) {
    throw new AppError(
      "INVALID_INPUT",
      `"${type.name}" links ${KIND_WITH_ARTICLE[type.fromKind]} to ${KIND_WITH_ARTICLE[type.toKind]}; these are ${KIND_WITH_ARTICLE[from.label.kind]} and ${KIND_WITH_ARTICLE[to.label.kind]}.`,
    );
  }
  const duplicate = await db.relation.findFirst({ where: { typeId: input.typeId, fromId: input.fromId, toId: input.toId, deletedAt: null }, select: { id: true } });
  if (duplicate) throw new AppError("CONFLICT", `These two annotations are already linked by "${type.name}".`);
  const relation = await db.relation.create({
    data: { id: input.id, projectId: access.projectId, documentId: access.documentId, typeId: input.typeId, fromId: input.fromId, toId: input.toId, authorId: userId },
    select: SELECT,
  });
  return { relation, created: true };
}

export async function deleteRelation(caller: Caller, relationId: string) {
  const access = await resolveResource(caller, "Relation", relationId);
  const relation = await db.relation.findUniqueOrThrow({ where: { id: relationId }, select: { authorId: true, deletedAt: true } });
  // Viewers only read, also one who added the relation before a demotion.
  authorize(access, "remove-relation", { ownerIds: [relation.authorId] });
  if (!relation.deletedAt) await db.relation.update({ where: { id: relationId }, data: { deletedAt: new Date() } });
}
