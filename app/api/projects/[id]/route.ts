import { projectSettingsSchema } from "@/lib/schemas/curation";
import { readJson, withProject } from "@/lib/server/http/route";
import { getProject } from "@/lib/server/projects/get-project";
import { updateProject } from "@/lib/server/projects/update-project";

// GET /api/projects/[id] — one project and the caller's role in it
export const GET = withProject("read", async ({ access }) => getProject(access));

// PATCH /api/projects/[id] — owners change name, description, peer review, the gold-layer agreement threshold and who sees whose annotations (peer review only where annotators see everyone's work, else 400)
export const PATCH = withProject("manage-project", async ({ req, access }) => updateProject(access, await readJson(req, projectSettingsSchema)));
