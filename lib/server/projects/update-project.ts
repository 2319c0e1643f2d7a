import "server-only";
import type { z } from "zod";
import { db } from "@/lib/db";
import type { projectSettingsSchema } from "@/lib/schemas/curation";

export async function updateProject(projectId: string, input: z.infer<typeof projectSettingsSchema>) {
  return db.project.update({
    where: { id: projectId },
    data: input,
    select: { id: true, name: true, description: true, peerReview: true, agreementThreshold: true },
  });
}
