import "server-only";
import type { ProjectAccess } from "@/lib/server/authz";
import { db } from "@/lib/db";

export async function listLabels(access: ProjectAccess) {
  const { projectId } = access;
  const labels = await db.label.findMany({
    where: { projectId },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
    select: {
      id: true, name: true, kind: true, color: true, hotkey: true, description: true, position: true,
      _count: { select: { annotations: { where: { deletedAt: null } } } },
    },
  });
  return labels.map(({ _count, ...label }) => ({ ...label, annotationCount: _count.annotations }));
}
