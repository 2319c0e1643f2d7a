-- Recommenders propose spans; a proposal is nobody's annotation until a person accepts it, and each
-- person's accept/reject is kept per span and label (so a rejected one does not come back to them).
CREATE TYPE "RecommenderKind" AS ENUM ('STRING_MATCHER', 'ENGLISH_NER', 'LABEL_STUDIO', 'OPENAI');
CREATE TYPE "RecommenderTrigger" AS ENUM ('ON_IMPORT', 'ON_DEMAND');
CREATE TYPE "ProposalVerdict" AS ENUM ('ACCEPTED', 'REJECTED');

CREATE TABLE "Recommender" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "RecommenderKind" NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "trigger" "RecommenderTrigger" NOT NULL DEFAULT 'ON_DEMAND',
    "labelIds" UUID[] NOT NULL DEFAULT ARRAY[]::UUID[],
    "minScore" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "url" TEXT,
    "model" TEXT,
    "keyCiphertext" TEXT,
    "mapping" JSONB,
    "lastRunAt" TIMESTAMPTZ(3),
    "lastRun" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Recommender_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Proposal" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "documentId" UUID NOT NULL,
    "recommenderId" UUID NOT NULL,
    "labelId" UUID NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    "exact" TEXT NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Proposal_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "ProposalDecision" (
    "id" UUID NOT NULL,
    "documentId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "labelId" UUID NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    "exact" TEXT NOT NULL,
    "verdict" "ProposalVerdict" NOT NULL,
    "recommenderId" UUID,
    "score" DOUBLE PRECISION,
    "annotationId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProposalDecision_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "Recommender_projectId_name_key" ON "Recommender"("projectId", "name");
CREATE INDEX "Proposal_documentId_recommenderId_idx" ON "Proposal"("documentId", "recommenderId");
CREATE INDEX "Proposal_recommenderId_idx" ON "Proposal"("recommenderId");
CREATE UNIQUE INDEX "ProposalDecision_documentId_userId_labelId_start_end_key" ON "ProposalDecision"("documentId", "userId", "labelId", "start", "end");
CREATE INDEX "ProposalDecision_userId_labelId_idx" ON "ProposalDecision"("userId", "labelId");
CREATE INDEX "ProposalDecision_recommenderId_idx" ON "ProposalDecision"("recommenderId");

ALTER TABLE "Recommender" ADD CONSTRAINT "Recommender_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Proposal" ADD CONSTRAINT "Proposal_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Proposal" ADD CONSTRAINT "Proposal_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Proposal" ADD CONSTRAINT "Proposal_recommenderId_fkey" FOREIGN KEY ("recommenderId") REFERENCES "Recommender"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Proposal" ADD CONSTRAINT "Proposal_labelId_fkey" FOREIGN KEY ("labelId") REFERENCES "Label"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ProposalDecision" ADD CONSTRAINT "ProposalDecision_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ProposalDecision" ADD CONSTRAINT "ProposalDecision_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ProposalDecision" ADD CONSTRAINT "ProposalDecision_labelId_fkey" FOREIGN KEY ("labelId") REFERENCES "Label"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ProposalDecision" ADD CONSTRAINT "ProposalDecision_recommenderId_fkey" FOREIGN KEY ("recommenderId") REFERENCES "Recommender"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "ProposalDecision" ADD CONSTRAINT "ProposalDecision_annotationId_fkey" FOREIGN KEY ("annotationId") REFERENCES "Annotation"("id") ON DELETE SET NULL ON UPDATE CASCADE;
