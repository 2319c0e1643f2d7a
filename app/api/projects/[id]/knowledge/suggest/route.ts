import { suggestMentionsSchema } from "@/lib/schemas/knowledge";
import { readJson, withProjectRole } from "@/lib/server/http/route";
import { suggestMentions } from "@/lib/server/knowledge/suggest-mentions";

// POST /api/projects/[id]/knowledge/suggest — curators scan documents for known entities' names and aliases and offer them as suggestions
export const POST = withProjectRole("CURATOR", async ({ req, access }) => {
  const { documentIds } = await readJson(req, suggestMentionsSchema);
  return suggestMentions(access.projectId, documentIds);
});
