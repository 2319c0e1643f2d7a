import { relationTypeSchema } from "@/lib/schemas/relation";
import { created, readJson, withProject } from "@/lib/server/http/route";
import { createRelationType, listRelationTypes } from "@/lib/server/relations/relation-types";

// GET /api/projects/[id]/relation-types — the project's relation types with how often each is used
export const GET = withProject("read", async ({ access }) => ({ relationTypes: await listRelationTypes(access) }));

// POST /api/projects/[id]/relation-types — curators add a relation type {name, fromKind, toKind, description}
export const POST = withProject("manage-labels", async ({ req, access }) => created(await createRelationType(access, await readJson(req, relationTypeSchema))));
