import { runRecommenderSchema } from "@/lib/schemas/recommenders";
import { readJson, withProject } from "@/lib/server/http/route";
import { runRecommender } from "@/lib/server/recommenders/run-recommender";

type P = { id: string; recommenderId: string };

// POST /api/projects/[id]/recommenders/[recommenderId]/run — run a model server over documents now (capped, time-limited); answers its report
export const POST = withProject<P>("curate", async ({ req, params, access }) => runRecommender(access, params.recommenderId, await readJson(req, runRecommenderSchema)));
