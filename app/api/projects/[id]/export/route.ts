import { exportOptionsSchema } from "@/lib/schemas/export";
import { exportProjectFor, exportResponseStream } from "@/lib/server/export/export-project";
import { withProject } from "@/lib/server/http/route";

// GET /api/projects/[id]/export?format=native|w3c|jsonl|jsonl-rich|csv|brat|conll&documents=&annotators=&layers=annotators|gold|annotators-and-gold|mixed&review=&kinds=&offsets=&bom=&guard=&embedText= — streams the export as a download (layers apart by default)
export const GET = withProject("export", async ({ req, access }) => {
  const url = new URL(req.url);
  const options = exportOptionsSchema.parse(Object.fromEntries(url.searchParams));
  const { result, count } = await exportProjectFor(access, options, url.origin);
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
