import { deleteExportJob, getExportJob } from "@/lib/server/export/export-jobs";
import { withUser } from "@/lib/server/http/route";

// GET /api/exports/[id] — one of the caller's export jobs: state, bytes written, summary when done, fileUrl
export const GET = withUser<{ id: string }>(async ({ params, caller }) => getExportJob(caller, params.id));

// DELETE /api/exports/[id] — cancel or remove one of the caller's exports (and its file)
export const DELETE = withUser<{ id: string }>(async ({ params, caller }) => {
  await deleteExportJob(caller, params.id);
  return { deleted: params.id };
});
