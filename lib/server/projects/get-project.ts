import "server-only";
import { db } from "@/lib/db";
import type { ProjectAccess } from "@/lib/server/authz";

/** The project an access check already admitted the caller to. */
export async function getProject(access: ProjectAccess) {
  const project = await db.project.findUniqueOrThrow({
    where: { id: access.projectId },
    select: { id: true, name: true, description: true, createdAt: true, peerReview: true, allowStackedTags: true, agreementThreshold: true, annotatorsSee: true, annotatorsSeeGold: true, viewersSee: true },
  });
  return { ...project, role: access.role };
}
