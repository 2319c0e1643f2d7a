import { markCommentsSeen } from "@/lib/server/comments/annotation-comments";
import { withUser } from "@/lib/server/http/route";

type P = { id: string };

// POST /api/annotations/[id]/comments/seen — the annotation's author has seen its discussion (for anyone else nothing changes)
export const POST = withUser<P>(async ({ params, caller }) => markCommentsSeen(caller, params.id));
