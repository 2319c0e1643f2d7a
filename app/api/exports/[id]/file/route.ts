import { exportFile } from "@/lib/server/export/export-jobs";
import { withUser } from "@/lib/server/http/route";

// GET /api/exports/[id]/file — download a finished export (its requester only), streamed from the stored pieces
export const GET = withUser<{ id: string }>(async ({ params, caller }) => {
  const file = await exportFile(caller, params.id);
  return new Response(file.body, {
    headers: {
      "content-type": file.contentType,
      "content-length": String(file.bytes),
      "content-disposition": `attachment; filename="${file.fileName}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
