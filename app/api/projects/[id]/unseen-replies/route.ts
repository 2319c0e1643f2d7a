// GET /api/projects/[id]/unseen-replies — new comments by others on your annotations in this project
import { unseenReplies } from "@/lib/server/comments/annotation-comments";
import { withProject } from "@/lib/server/http/route";

export const GET = withProject("read", async ({ access }) => ({ replies: await unseenReplies(access) }));
