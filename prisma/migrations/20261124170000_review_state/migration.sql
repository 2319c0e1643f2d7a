-- CreateEnum
CREATE TYPE "ReviewState" AS ENUM ('PENDING', 'ACCEPTED', 'REJECTED');

-- AlterTable
ALTER TABLE "Annotation" ADD COLUMN "reviewState" "ReviewState" NOT NULL DEFAULT 'PENDING';

-- CreateIndex
CREATE INDEX "Annotation_projectId_reviewState_idx" ON "Annotation"("projectId", "reviewState");
