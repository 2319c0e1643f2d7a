import { z } from "zod";
import { updateDetailsFromCsv } from "@/lib/server/documents/update-details-from-csv";
import { readJson, withProject } from "@/lib/server/http/route";

const csvUpdateSchema = z.object({ csv: z.string().min(1, { error: "The CSV is empty." }), dryRun: z.boolean().default(false) }).strict();

// POST /api/projects/[id]/documents/details — curators correct many documents' details from a CSV keyed by id or content hash (dryRun reports only)
export const POST = withProject("curate", async ({ req, access }) => {
  const { csv, dryRun } = await readJson(req, csvUpdateSchema, 5 * 1024 * 1024);
  return updateDetailsFromCsv(access, csv, { dryRun });
});
