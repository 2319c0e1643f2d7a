import "server-only";
import { visibleAnnotations, type ProjectAccess } from "@/lib/server/authz";
import { db } from "@/lib/db";

export async function listLabels(access: ProjectAccess) {
  const { projectId } = access;
  const labels = await db.label.findMany({
    where: { projectId },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
    select: {
      id: true, name: true, kind: true, color: true, hotkey: true, description: true, position: true,
      // Counts only what the reader may see, or the count would tell of others' hidden work.
      _count: { select: { annotations: { where: { deletedAt: null, AND: [visibleAnnotations(access)] } } } },
    },
  });
  return labels.map(({ _count, ...label }) => ({ ...label, annotationCount: _count.annotations }));
}
