-- One document's agreement as sums that combine into the project's, with the per-document input
-- marker they were computed from (lib/server/agreement/document-stats.ts).
CREATE TABLE "DocumentAgreementStats" (
    "documentId" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "inputMarker" TEXT NOT NULL,
    "stats" JSONB NOT NULL,
    "counted" INTEGER NOT NULL,
    "madeWhileShared" INTEGER NOT NULL,
    "computedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DocumentAgreementStats_pkey" PRIMARY KEY ("documentId")
);

CREATE INDEX "DocumentAgreementStats_projectId_idx" ON "DocumentAgreementStats"("projectId");

ALTER TABLE "DocumentAgreementStats" ADD CONSTRAINT "DocumentAgreementStats_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;
