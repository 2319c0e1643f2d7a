import { createRecommenderSchema } from "@/lib/schemas/recommenders";
import { created, readJson, withProject } from "@/lib/server/http/route";
import { createRecommender, listRecommenders } from "@/lib/server/recommenders/save-recommender";

// GET /api/projects/[id]/recommenders — the project's recommenders with their last run (owners and curators; never a key)
export const GET = withProject("see-progress", async ({ access }) => ({ recommenders: await listRecommenders(access) }));

// POST /api/projects/[id]/recommenders — add a model server (Label Studio ML backend or OpenAI-compatible chat)
export const POST = withProject("curate", async ({ req, access }) => created(await createRecommender(access, await readJson(req, createRecommenderSchema))));
