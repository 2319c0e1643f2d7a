// GET /api/documents/[id]/agreement — one document's agreement figures and the regions of lowest agreement
import { withDocument } from "@/lib/server/http/route";
import { singleDocumentAgreement } from "@/lib/server/agreement/project-agreement";

export const GET = withDocument("see-progress", async ({ access }) => singleDocumentAgreement(access));
