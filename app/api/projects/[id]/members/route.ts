import { addMemberSchema } from "@/lib/schemas/project";
import { created, readJson, withProject } from "@/lib/server/http/route";
import { addMember } from "@/lib/server/members/add-member";
import { listMembers } from "@/lib/server/members/list-members";

// GET /api/projects/[id]/members — members and their roles
export const GET = withProject("read", async ({ access }) => ({ members: await listMembers(access) }));

// POST /api/projects/[id]/members — owners add an existing account by email
export const POST = withProject("manage-members", async ({ req, access }) =>
  created(await addMember(access.projectId, await readJson(req, addMemberSchema))),
);
