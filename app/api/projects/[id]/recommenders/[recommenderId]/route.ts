import { updateRecommenderSchema } from "@/lib/schemas/recommenders";
import { readJson, withProject } from "@/lib/server/http/route";
import { deleteRecommender, updateRecommender } from "@/lib/server/recommenders/save-recommender";

type P = { id: string; recommenderId: string };

// PATCH /api/projects/[id]/recommenders/[recommenderId] — change a recommender's settings (labels, minimum score, on/off, server, key)
export const PATCH = withProject<P>("curate", async ({ req, params, access }) =>
  updateRecommender(access, params.recommenderId, await readJson(req, updateRecommenderSchema)),
);

// DELETE /api/projects/[id]/recommenders/[recommenderId] — remove a model server and its open proposals
export const DELETE = withProject<P>("curate", async ({ params, access }) => {
  await deleteRecommender(access, params.recommenderId);
  return new Response(null, { status: 204 });
});
