// GET /api/documents/[id]/agreement — one document's agreement figures and the regions of lowest agreement
import { withDocumentRole } from "@/lib/server/http/route";
import { singleDocumentAgreement } from "@/lib/server/agreement/project-agreement";

export const GET = withDocumentRole("CURATOR", async ({ access }) => singleDocumentAgreement(access.projectId, access.documentId));
