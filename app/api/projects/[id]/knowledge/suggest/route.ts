import { suggestMentionsSchema } from "@/lib/schemas/knowledge";
import { readJson, withProject } from "@/lib/server/http/route";
import { suggestMentions } from "@/lib/server/knowledge/suggest-mentions";

// POST /api/projects/[id]/knowledge/suggest — curators scan documents for known entities' names and aliases and offer them as suggestions
export const POST = withProject("curate", async ({ req, access }) => {
  const { documentIds } = await readJson(req, suggestMentionsSchema);
  return suggestMentions(access, documentIds);
});
