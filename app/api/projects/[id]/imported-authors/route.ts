import { withProject } from "@/lib/server/http/route";
import { listImportedAuthors } from "@/lib/server/members/imported-authors";

// GET /api/projects/[id]/imported-authors — owners list the restored file's people who are not accounts here (with the address the file gave)
export const GET = withProject("see-member-admin", async ({ access }) => ({ importedAuthors: await listImportedAuthors(access) }));
