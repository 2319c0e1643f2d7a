import "server-only";
import { db } from "@/lib/db";

export async function listLabels(projectId: string) {
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
