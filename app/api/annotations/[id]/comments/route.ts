import { commentSchema } from "@/lib/schemas/comment";
import { addComment, listComments } from "@/lib/server/comments/annotation-comments";
import { created, readJson, withUser } from "@/lib/server/http/route";

type P = { id: string };

// GET /api/annotations/[id]/comments — discussion threads with replies (reading marks nothing seen: POST …/comments/seen does)
export const GET = withUser<P>(async ({ params, caller }) => listComments(caller, params.id));

// POST /api/annotations/[id]/comments — start a thread, or reply with {parentId}
export const POST = withUser<P>(async ({ req, params, caller }) => created(await addComment(caller, params.id, await readJson(req, commentSchema))));
