// GET /api/projects/[id]/search — full-text search over the project's documents and annotations (?q=&scope=&labelId=&authorId=&reviewState=&dateFrom=&dateTo=&limit=&offset=)
import { withProject } from "@/lib/server/http/route";
import { searchQuerySchema } from "@/lib/schemas/search";
import { searchProject } from "@/lib/server/search/search-project";

export const GET = withProject("read", async ({ req, access }) => {
  const query = searchQuerySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  return searchProject(access, query);
});
