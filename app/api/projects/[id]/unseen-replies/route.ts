// GET /api/projects/[id]/unseen-replies — new comments by others on your annotations in this project
import { unseenReplies } from "@/lib/server/comments/annotation-comments";
import { withProjectRole } from "@/lib/server/http/route";

export const GET = withProjectRole("VIEWER", async ({ userId, access }) => ({ replies: await unseenReplies(userId, access.projectId) }));
