import "server-only";
import type { ProjectAccess } from "@/lib/server/authz";
import type { z } from "zod";
import { db } from "@/lib/db";
import type { projectSettingsSchema } from "@/lib/schemas/curation";

export async function updateProject(access: ProjectAccess, input: z.infer<typeof projectSettingsSchema>) {
  const { projectId } = access;
  return db.project.update({
    where: { id: projectId },
    data: input,
    select: { id: true, name: true, description: true, peerReview: true, agreementThreshold: true },
  });
}
