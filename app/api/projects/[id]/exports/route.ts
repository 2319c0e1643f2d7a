import { z } from "zod";
import { listExportJobs, requestExport, exportParams } from "@/lib/server/export/export-jobs";
import { json, readJson, withProject } from "@/lib/server/http/route";

const exportRequestSchema = z.object({
  /** The export's options, as the GET …/export query string takes them (values may also be booleans or lists). */
  options: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())])),
  /** Only count what the export would hold (no file is kept). */
  check: z.boolean().default(false),
});

// GET /api/projects/[id]/exports — the caller's recent export jobs in this project (newest first)
export const GET = withProject("export", async ({ access }) => ({ exports: await listExportJobs(access) }));

// POST /api/projects/[id]/exports — queue an export (or with check: true, a count of what it would hold) for the job runner; 202 with the job
export const POST = withProject("export", async ({ req, access }) => {
  const body = await readJson(req, exportRequestSchema);
  const job = await requestExport(access, exportParams(body.options), new URL(req.url).origin, { check: body.check });
  return json(job, 202, { location: `/api/exports/${job.id}` });
});
