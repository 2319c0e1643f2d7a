import { createProjectSchema } from "@/lib/schemas/project";
import { requireSession } from "@/lib/server/authz";
import { created, readJson, withUser } from "@/lib/server/http/route";
import { createProject } from "@/lib/server/projects/create-project";
import { listProjects } from "@/lib/server/projects/list-projects";

// GET /api/projects — the projects the caller is a member of, with their role
export const GET = withUser(async ({ caller }) => ({ projects: await listProjects(caller) }));

// POST /api/projects — create a project with the default label scheme; the caller becomes owner
export const POST = withUser(async ({ req, userId, caller }) => {
  requireSession(caller, "create projects");
  return created(await createProject(userId, await readJson(req, createProjectSchema)));
});
