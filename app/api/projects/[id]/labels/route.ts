import { labelSchema } from "@/lib/schemas/project";
import { created, readJson, withProject } from "@/lib/server/http/route";
import { listLabels } from "@/lib/server/labels/list-labels";
import { createLabel } from "@/lib/server/labels/save-label";

// GET /api/projects/[id]/labels — the label scheme, with how often each label is used
export const GET = withProject("read", async ({ access }) => ({ labels: await listLabels(access) }));

// POST /api/projects/[id]/labels — owners and curators add a label
export const POST = withProject("manage-labels", async ({ req, access }) =>
  created(await createLabel(access, await readJson(req, labelSchema))),
);
