import { exportOptionsSchema } from "@/lib/schemas/export";
import { exportProjectFor } from "@/lib/server/export/export-project";
import { withProject } from "@/lib/server/http/route";

// GET /api/projects/[id]/export/summary?format=… — runs the export without sending it and answers
// what it would hold: documents, annotations, and what the format must leave out or change
export const GET = withProject("export", async ({ req, access }) => {
  const url = new URL(req.url);
  const options = exportOptionsSchema.parse(Object.fromEntries(url.searchParams));
  const { result } = await exportProjectFor(access, options, url.origin);
  let bytes = 0;
  for await (const chunk of result.body) bytes += chunk.length;
  return { format: options.format, fileName: result.fileName, bytes, summary: result.summary() };
});
