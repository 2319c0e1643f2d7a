// PATCH /api/comments/[id] — resolve or reopen a thread {resolved}
import { commentPatchSchema } from "@/lib/schemas/comment";
import { setThreadResolved } from "@/lib/server/comments/annotation-comments";
import { readJson, withUser } from "@/lib/server/http/route";

export const PATCH = withUser<{ id: string }>(async ({ req, params, caller }) =>
  setThreadResolved(caller, params.id, (await readJson(req, commentPatchSchema)).resolved),
);
