import { withProject } from "@/lib/server/http/route";
import { importAnnotationFilesFor } from "@/lib/server/import/import-annotation-sets";
import { readUpload } from "@/lib/server/import/read-upload";

// POST /api/projects/[id]/annotation-import — curators import annotation sets (W3C, brat, doccano; multipart "files", dryRun=true for the report only, offsetUnit=codepoint|utf16 for doccano offsets, detected when left out)
export const POST = withProject("curate", async ({ req, access }) => {
  const { files, dryRun, offsetUnit } = await readUpload(req);
  return importAnnotationFilesFor(access, files, { dryRun, offsetUnit });
});
