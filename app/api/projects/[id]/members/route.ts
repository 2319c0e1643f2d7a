import { listMembers } from "@/lib/server/members/list-members";
import { withProject } from "@/lib/server/http/route";

// Members join through invitations (../invitations): adding an account by email told whether
// the address had an account.

// GET /api/projects/[id]/members — members and their roles
export const GET = withProject("read", async ({ access }) => ({ members: await listMembers(access) }));
