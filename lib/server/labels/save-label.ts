import "server-only";
import type { z } from "zod";
import { db } from "@/lib/db";
import type { labelPatchSchema, labelSchema } from "@/lib/schemas/project";
import { isUuid, type ProjectAccess } from "@/lib/server/authz";
import { AppError, notFound } from "@/lib/server/errors";

const SELECT = { id: true, name: true, kind: true, color: true, hotkey: true, description: true, position: true } as const;

async function assertUnique(projectId: string, input: { name?: string; hotkey?: string | null }, exceptId?: string) {
  const clash = await db.label.findFirst({
    where: {
      projectId,
      id: exceptId ? { not: exceptId } : undefined,
      OR: [
        ...(input.name ? [{ name: { equals: input.name, mode: "insensitive" as const } }] : []),
        ...(input.hotkey ? [{ hotkey: input.hotkey }] : []),
      ],
    },
    select: { name: true, hotkey: true },
  });
  if (!clash) return;
  if (input.name && clash.name.toLowerCase() === input.name.toLowerCase()) {
    throw new AppError("CONFLICT", `There is already a label named "${clash.name}".`);
  }
  throw new AppError("CONFLICT", `The hotkey "${input.hotkey}" is already used by "${clash.name}".`);
}

export async function createLabel(access: ProjectAccess, input: z.infer<typeof labelSchema>) {
  const { projectId } = access;
  await assertUnique(projectId, input);
  const position = await db.label.count({ where: { projectId } });
  return db.label.create({ data: { ...input, projectId, position }, select: SELECT });
}

export async function updateLabel(access: ProjectAccess, labelId: string, input: z.infer<typeof labelPatchSchema>) {
  const { projectId } = access;
  if (!isUuid(labelId)) throw notFound("Label not found");
  const label = await db.label.findFirst({ where: { id: labelId, projectId }, select: { id: true } });
  if (!label) throw notFound("Label not found");
  await assertUnique(projectId, input, labelId);
  return db.label.update({ where: { id: labelId }, data: input, select: SELECT });
}

export async function deleteLabel(access: ProjectAccess, labelId: string) {
  const { projectId } = access;
  if (!isUuid(labelId)) throw notFound("Label not found");
  const label = await db.label.findFirst({
    where: { id: labelId, projectId },
    select: { name: true, _count: { select: { annotations: true } } },
  });
  if (!label) throw notFound("Label not found");
  if (label._count.annotations > 0) {
    throw new AppError(
      "CONFLICT",
      `"${label.name}" is used by ${label._count.annotations} annotation(s) and cannot be removed. Re-label or delete those annotations first, or rename the label.`,
    );
  }
  // The foreign key (ON DELETE RESTRICT) also refuses if an annotation arrives in between.
  await db.label.delete({ where: { id: labelId } });
}
