import { mapImportedAuthorSchema } from "@/lib/schemas/project";
import { readJson, withProject } from "@/lib/server/http/route";
import { mapImportedAuthor } from "@/lib/server/members/imported-authors";

type P = { id: string; authorId: string };

// PATCH /api/projects/[id]/imported-authors/[authorId] — owners map an imported author to a member, re-crediting their annotations, reviews and comments
export const PATCH = withProject<P>("manage-members", async ({ req, params, access }) =>
  mapImportedAuthor(access, params.authorId, (await readJson(req, mapImportedAuthorSchema)).memberId),
);
