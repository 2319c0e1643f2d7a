// POST /api/projects/[id]/attention/dismissals — put away the feedback on one of your annotations `{annotationId}`
import { dismissAttentionSchema } from "@/lib/schemas/attention";
import { dismissAttention } from "@/lib/server/feedback/dismiss-attention";
import { readJson, withProject } from "@/lib/server/http/route";

export const POST = withProject("comment", async ({ req, access }) =>
  dismissAttention(access, (await readJson(req, dismissAttentionSchema)).annotationId),
);
