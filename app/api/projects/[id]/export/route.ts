import { exportOptionsSchema } from "@/lib/schemas/export";
import { exportProject, exportResponseStream } from "@/lib/server/export/export-project";
import { countExportAnnotations, exportProjectInfo } from "@/lib/server/export/read-export-batches";
import { withProject } from "@/lib/server/http/route";

// GET /api/projects/[id]/export?format=native|w3c|jsonl|jsonl-rich|csv|brat|conll&documents=&annotators=&layer=&review=&kinds=&offsets=&bom= — streams the export as a download
export const GET = withProject("export", async ({ req, access }) => {
  const url = new URL(req.url);
  const options = exportOptionsSchema.parse(Object.fromEntries(url.searchParams));
  const info = await exportProjectInfo(access.projectId);
  const [result, count] = await Promise.all([
    exportProject(access.projectId, options, url.origin, info),
    countExportAnnotations(access.projectId, options.format === "native" ? { layer: "all", review: "all" } : options, info.labels),
  ]);
  return new Response(exportResponseStream(result.body), {
    headers: {
      "content-type": result.contentType,
      "content-disposition": `attachment; filename="${result.fileName}"`,
      "x-export-annotations": String(count),
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
