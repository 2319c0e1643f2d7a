import { withProject, json } from "@/lib/server/http/route";
import { requestImport } from "@/lib/server/import/import-jobs";
import { readUpload } from "@/lib/server/import/read-upload";

// POST /api/projects/[id]/imports — curators upload annotation sets (as …/annotation-import: multipart "files", dryRun, offsetUnit) to be imported by the job runner; 202 with the job, whose report GET /api/imports/[id] answers
export const POST = withProject("curate", async ({ req, access }) => {
  const { files, dryRun, offsetUnit } = await readUpload(req);
  const job = await requestImport(access, files, { dryRun, offsetUnit });
  return json(job, 202, { location: `/api/imports/${job.id}` });
});
