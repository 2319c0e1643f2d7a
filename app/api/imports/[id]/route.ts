import { withUser } from "@/lib/server/http/route";
import { getImportJob } from "@/lib/server/import/import-jobs";

// GET /api/imports/[id] — one of the caller's import jobs: state, and the report (or the reason it failed) when done
export const GET = withUser<{ id: string }>(async ({ params, caller }) => getImportJob(caller, params.id));
