import "server-only";
import type { z } from "zod";
import { db } from "@/lib/db";
import { DEFAULT_LABELS, DEFAULT_RELATION_TYPES } from "@/lib/labels/palette";
import type { createProjectSchema } from "@/lib/schemas/project";

export async function createProject(userId: string, input: z.infer<typeof createProjectSchema>) {
  return db.project.create({
    data: {
      name: input.name,
      description: input.description,
      annotatorsSee: input.annotatorsSee,
      annotatorsSeeGold: input.annotatorsSeeGold,
      viewersSee: input.viewersSee,
      members: { create: { userId, role: "OWNER" } },
      labels: { create: DEFAULT_LABELS.map((label, position) => ({ ...label, position })) },
      relationTypes: { create: DEFAULT_RELATION_TYPES.map((type, position) => ({ ...type, position })) },
    },
    select: { id: true, name: true, description: true, createdAt: true },
  });
}
