import { AppError } from "@/lib/server/errors";
import { parseJsonText } from "@/lib/server/http/read-body";
import { requireSession } from "@/lib/server/authz";
import { withUser } from "@/lib/server/http/route";
import { importNative, parseNativeFile } from "@/lib/server/import/import-native";
import { readUpload } from "@/lib/server/import/read-upload";

// POST /api/projects/import — restore a project from a workbench (native) export as a new project the importer owns; the file's other people become imported authors, never accounts or members
export const POST = withUser(async ({ req, userId, caller }) => {
  requireSession(caller, "create projects");
  const { files, dryRun } = await readUpload(req);
  if (files.length !== 1) throw new AppError("INVALID_INPUT", "Upload exactly one workbench export (.json).");
  const data = parseJsonText(new TextDecoder().decode(files[0].bytes).replace(/^\uFEFF/, ""), files[0].name || "The file");
  return importNative(parseNativeFile(data), userId, { dryRun });
});
