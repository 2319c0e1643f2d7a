-- CreateEnum
CREATE TYPE "CurationDecisionKind" AS ENUM ('MERGED', 'TAKEN', 'EDITED', 'REJECTED');

-- AlterTable
ALTER TABLE "Project" ADD COLUMN "agreementThreshold" INTEGER NOT NULL DEFAULT 2;

-- AlterTable
ALTER TABLE "Annotation" ADD COLUMN "gold" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "goldSources" UUID[] NOT NULL DEFAULT ARRAY[]::UUID[];

-- CreateTable
CREATE TABLE "CurationDecision" (
    "id" UUID NOT NULL,
    "documentId" UUID NOT NULL,
    "candidateKey" TEXT NOT NULL,
    "decision" "CurationDecisionKind" NOT NULL,
    "decidedById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CurationDecision_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Annotation_documentId_gold_idx" ON "Annotation"("documentId", "gold");

-- CreateIndex
CREATE UNIQUE INDEX "CurationDecision_documentId_candidateKey_key" ON "CurationDecision"("documentId", "candidateKey");

-- AddForeignKey
ALTER TABLE "CurationDecision" ADD CONSTRAINT "CurationDecision_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CurationDecision" ADD CONSTRAINT "CurationDecision_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
