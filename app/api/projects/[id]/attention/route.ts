// GET /api/projects/[id]/attention — feedback by others on your annotations that you have not acted on (?documentId=)
import { attentionQuery } from "@/lib/schemas/attention";
import { listAttention } from "@/lib/server/feedback/list-attention";
import { withProject } from "@/lib/server/http/route";

export const GET = withProject("read", async ({ req, access }) => {
  const query = attentionQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
  return { items: await listAttention(access, query) };
});
