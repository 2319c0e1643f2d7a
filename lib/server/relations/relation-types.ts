import "server-only";
import type { z } from "zod";
import { db } from "@/lib/db";
import type { relationTypePatchSchema, relationTypeSchema } from "@/lib/schemas/relation";
import { isUuid, visibleAnnotations, type ProjectAccess } from "@/lib/server/authz";
import { AppError, notFound } from "@/lib/server/errors";

const SELECT = { id: true, name: true, fromKind: true, toKind: true, description: true, position: true } as const;

/** The project's relation types, each with how often it is used in relations whose both ends the reader may see. */
export async function listRelationTypes(access: ProjectAccess) {
  const { projectId } = access;
  const seen = { deletedAt: null, AND: [visibleAnnotations(access)] };
  const types = await db.relationType.findMany({
    where: { projectId },
    orderBy: [{ position: "asc" }, { name: "asc" }],
    select: { ...SELECT, _count: { select: { relations: { where: { deletedAt: null, from: seen, to: seen } } } } },
  });
  return types.map(({ _count, ...t }) => ({ ...t, relationCount: _count.relations }));
}

const sameName = (projectId: string, name: string, except?: string) =>
  db.relationType.findFirst({ where: { projectId, name: { equals: name, mode: "insensitive" }, ...(except ? { id: { not: except } } : {}) }, select: { id: true } });

export async function createRelationType(access: ProjectAccess, input: z.infer<typeof relationTypeSchema>) {
  const { projectId } = access;
  if (await sameName(projectId, input.name)) throw new AppError("CONFLICT", `There is already a relation type called "${input.name}".`);
  const position = await db.relationType.count({ where: { projectId } });
  return db.relationType.create({ data: { ...input, projectId, position }, select: SELECT });
}

export async function updateRelationType(access: ProjectAccess, typeId: string, input: z.infer<typeof relationTypePatchSchema>) {
  const { projectId } = access;
  if (!isUuid(typeId)) throw notFound("Relation type not found");
  const type = await db.relationType.findFirst({ where: { id: typeId, projectId }, select: { id: true, fromKind: true, toKind: true, _count: { select: { relations: { where: { deletedAt: null } } } } } });
  if (!type) throw notFound("Relation type not found");
  if (input.name && (await sameName(projectId, input.name, typeId))) throw new AppError("CONFLICT", `There is already a relation type called "${input.name}".`);
  const kindsChange = (input.fromKind && input.fromKind !== type.fromKind) || (input.toKind && input.toKind !== type.toKind);
  if (kindsChange && type._count.relations > 0) {
    throw new AppError("CONFLICT", `${type._count.relations} relation(s) of this type exist; their ends would no longer fit. Rename it, or make a new type.`);
  }
  return db.relationType.update({ where: { id: typeId }, data: input, select: SELECT });
}

export async function deleteRelationType(access: ProjectAccess, typeId: string) {
  const { projectId } = access;
  if (!isUuid(typeId)) throw notFound("Relation type not found");
  const type = await db.relationType.findFirst({ where: { id: typeId, projectId }, select: { id: true, _count: { select: { relations: true } } } });
  if (!type) throw notFound("Relation type not found");
  if (type._count.relations > 0) throw new AppError("CONFLICT", `This relation type is used by ${type._count.relations} relation(s); it cannot be deleted.`);
  await db.relationType.delete({ where: { id: typeId } });
}
